/**
 * `$input`: the method request as a mapping template reads it.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
import { compileJsonPath, evaluateJsonPath, MISSING } from "./jsonpath.ts";
import { isNull, toJavaString, VtlObject } from "./java-values.ts";
import type { MethodRequestData } from "./types.ts";

/** The three maps `$input.params()` returns, in API Gateway's order. */
export interface InputParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

const NOT_JSON: unique symbol = Symbol("not JSON");
const UNPARSED: unique symbol = Symbol("unparsed");

/**
 * `$input` for one method request. Build one per request; the body is parsed at most once, on first use.
 *
 * Rules (AWS-observed unless marked as a choice):
 * - an empty body reads as `{}` everywhere (`$input.body`, `json('$')`, `path('$')`);
 * - `json(path)` renders compact JSON; a path with no value renders `""` (choice, as LocalStack);
 * - a body that is not JSON: `json('$')` is the body as a JSON string, `path('$')` the raw string,
 *   any other path has no value (choice);
 * - `params(name)` looks in path, then query string, then headers, matching names case-sensitively;
 *   repeated query keys and headers give their last value; a miss is `""`.
 */
export class TemplateInput extends VtlObject {
  private parsedBody: unknown = UNPARSED;
  private cachedParams: InputParams | undefined;

  constructor(private readonly request: MethodRequestData) {
    super();
  }

  /** `$input.body`: the raw payload; `"{}"` when the request had none. */
  get body(): string {
    return this.request.body === "" ? "{}" : this.request.body;
  }

  /** `$input.json(path)`: the value at `path` as JSON text. */
  json(path: string): string {
    const value = this.valueAt(path);
    if (value === MISSING) return '""';
    return JSON.stringify(value === undefined ? null : value);
  }

  /** `$input.path(path)`: the value at `path` as a native object (map, JSON list, string, number…), or null. */
  path(path: string): unknown {
    const value = this.valueAt(path);
    return value === MISSING ? undefined : value;
  }

  /** `$input.params()`: `{path, querystring, header}`; the same maps for the whole request. */
  params(): InputParams {
    this.cachedParams ??= {
      path: { ...this.request.pathParameters },
      querystring: lastValues(this.request.query),
      header: lastValues(this.request.headers),
    };
    return this.cachedParams;
  }

  /** `$input.params(name)`: first match in path, query string, then headers; `""` when absent. */
  param(name: string): string {
    const { pathParameters, query, headers } = this.request;
    if (Object.hasOwn(pathParameters, name)) return pathParameters[name];
    if (Object.hasOwn(query, name)) return lastOf(query[name]);
    if (Object.hasOwn(headers, name)) return lastOf(headers[name]);
    return "";
  }

  callMethod(name: string, args: readonly unknown[]): unknown {
    switch (name) {
      case "json":
        return this.json(pathArgument(args[0]));
      case "path":
        return this.path(pathArgument(args[0]));
      case "params":
        return args.length === 0 ? this.params() : isNull(args[0]) ? "" : this.param(toJavaString(args[0]));
      case "getBody":
        return this.body;
      default:
        return undefined;
    }
  }

  override getProperty(name: string): unknown {
    return name === "body" ? this.body : undefined;
  }

  toString(): string {
    return "$input";
  }

  private valueAt(path: string): unknown {
    const compiled = compileJsonPath(path);
    const root = this.parse();
    if (root === NOT_JSON) return compiled.segments.length === 0 ? this.request.body : MISSING;
    return evaluateJsonPath(root, compiled);
  }

  private parse(): unknown {
    if (this.parsedBody === UNPARSED) {
      try {
        this.parsedBody = JSON.parse(this.body);
      } catch {
        this.parsedBody = NOT_JSON;
      }
    }
    return this.parsedBody;
  }
}

function pathArgument(value: unknown): string {
  return isNull(value) ? "$" : toJavaString(value);
}

function lastOf(values: readonly string[]): string {
  return values.length === 0 ? "" : values[values.length - 1];
}

function lastValues(source: Readonly<Record<string, readonly string[]>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(source)) {
    const value = lastOf(source[name]);
    if (name === "__proto__") Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
    else result[name] = value;
  }
  return result;
}
