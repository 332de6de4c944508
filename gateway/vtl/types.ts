import type { TemplateInput } from "./input.ts";
import type { TemplateUtil } from "./util.ts";

/**
 * The method request a mapping template reads through `$input`, as the gateway parsed it from the client call.
 * Names keep the client's casing: REST APIs process header and query names case-sensitively.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html
 */
export interface MethodRequestData {
  /** Raw request payload; `""` when the client sent none. */
  readonly body: string;
  /** Path parameters of the matched resource, e.g. `{ proxy: "a/b" }` for `/{proxy+}`. */
  readonly pathParameters: Readonly<Record<string, string>>;
  /** URL-decoded query string values in arrival order; single-value access uses the last one. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Header values by the name the client sent (build it from `rawHeaders`, not node's lowercased `headers`). */
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

/** Writable maps behind `$context.requestOverride.*`. */
export interface RequestOverrideMaps {
  header: Record<string, unknown>;
  querystring: Record<string, unknown>;
  path: Record<string, unknown>;
}

/** Writable map behind `$context.responseOverride.*`. */
export interface ResponseOverrideMap {
  status?: unknown;
  header: Record<string, unknown>;
}

/**
 * The object templates see as `$context`. Values that API Gateway leaves unset are `null` and render as `""`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
export interface TemplateContext {
  [name: string]: unknown;
  requestOverride: RequestOverrideMaps;
  responseOverride: ResponseOverrideMap;
}

/** The variables a mapping template is rendered with. */
export interface TemplateVariables {
  /** `$input`; build one per request with `new TemplateInput(request)`. */
  readonly input: TemplateInput;
  /** `$context`; build one per render with `buildTemplateContext(facts)`. */
  readonly context: TemplateContext;
  /** `$stageVariables`; `{}` when the stage defines none. */
  readonly stageVariables: Readonly<Record<string, string>>;
  /** `$util`; the shared `templateUtil` instance. */
  readonly util: TemplateUtil;
}

/** Overrides a template set through `$context.requestOverride.*`, as strings. */
export interface RequestOverride {
  readonly header: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly path: Readonly<Record<string, string>>;
}

/** Overrides a template set through `$context.responseOverride.*`. */
export interface ResponseOverride {
  /** Set only when the template assigned an integer status in 100-599. */
  readonly status?: number;
  readonly header: Readonly<Record<string, string>>;
}

/** What one render produced. */
export interface RenderResult {
  /** The rendered text: the integration request body (request template) or the method response body. */
  readonly text: string;
  readonly requestOverride: RequestOverride;
  readonly responseOverride: ResponseOverride;
}
