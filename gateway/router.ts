/**
 * Finds the method a request invokes, as API Gateway REST does: the stage is the first path
 * segment; literal segments beat `{param}` segments, which beat a greedy `{name+}` (last segment only,
 * and never matching its parent); an explicit method beats `ANY`; a resource that lacks the method
 * leaves the request to a greedy sibling that has it.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
 */
import type { DeclaredApi, DeclaredMethod, DeclaredResource } from "./declared-api.ts";

/** The methods `ANY` stands for. */
export const ANY_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);

export interface RouteMatch {
  readonly method: DeclaredMethod;
  /** Decoded path parameters, e.g. `{ proxy: "path1/path2" }`. */
  readonly pathParameters: Record<string, string>;
  /** The same as sent, percent-encoding kept (what a proxy event carries). */
  readonly rawPathParameters: Record<string, string>;
}

/** Where a match stands: path parameters found so far, decoded and raw. */
interface Search {
  readonly httpMethod: string;
  readonly segments: readonly string[];
  readonly rawSegments: readonly string[];
  readonly end: number;
  readonly params: Record<string, string>;
  readonly rawParams: Record<string, string>;
}

interface Node {
  literal: Map<string, Node>;
  param?: { name: string; node: Node };
  greedy?: { name: string; resource: DeclaredResource };
  resource?: DeclaredResource;
}

export class Router {
  private readonly root: Node = { literal: new Map() };

  constructor(readonly stageName: string, resources: readonly DeclaredResource[]) {
    for (const resource of resources) this.add(resource);
  }

  static fromModel(model: DeclaredApi): Router {
    return new Router(model.stageName, model.resources);
  }

  /**
   * @param segments the request path split on `/`, percent-decoded, stage first.
   * @param rawSegments the same before decoding. @default segments
   * @returns the match, or undefined when API Gateway would answer 403 Missing Authentication Token.
   */
  match(httpMethod: string, segments: readonly string[], rawSegments: readonly string[] = segments): RouteMatch | undefined {
    if (segments[0] !== this.stageName || !ANY_METHODS.has(httpMethod)) return undefined;
    // A trailing slash does not change the match.
    const end = segments.length > 1 && segments[segments.length - 1] === "" ? segments.length - 1 : segments.length;
    const search: Search = { httpMethod, segments, rawSegments, end, params: {}, rawParams: {} };
    const method = this.find(this.root, 1, search);
    return method === undefined ? undefined : { method, pathParameters: search.params, rawPathParameters: search.rawParams };
  }

  /**
   * The method a node's subtree offers for the rest of the path. A resource without the method does
   * not end the search: a greedy sibling that has it answers instead.
   */
  private find(node: Node, index: number, search: Search): DeclaredMethod | undefined {
    const { segments, rawSegments, end, params, rawParams } = search;
    if (index === end) return node.resource && methodOf(node.resource, search.httpMethod);
    const segment = segments[index];
    const literal = node.literal.get(segment);
    const viaLiteral = literal && this.find(literal, index + 1, search);
    if (viaLiteral) return viaLiteral;
    if (node.param && segment !== "") {
      const found = this.find(node.param.node, index + 1, search);
      if (found) {
        params[node.param.name] = segment;
        rawParams[node.param.name] = rawSegments[index];
        return found;
      }
    }
    const greedy = node.greedy && methodOf(node.greedy.resource, search.httpMethod);
    if (node.greedy && greedy) {
      params[node.greedy.name] = segments.slice(index, end).join("/");
      rawParams[node.greedy.name] = rawSegments.slice(index, end).join("/");
      return greedy;
    }
    return undefined;
  }

  private add(resource: DeclaredResource): void {
    let node = this.root;
    const parts = resource.path.split("/").filter((p) => p !== "");
    for (const [i, part] of parts.entries()) {
      const name = /^\{(.+?)(\+?)\}$/.exec(part);
      if (name?.[2] === "+") {
        if (i !== parts.length - 1) throw new Error(`greedy path variable must be the last segment: ${resource.path}`);
        node.greedy = { name: name[1], resource };
        return;
      }
      if (name) {
        node.param ??= { name: name[1], node: { literal: new Map() } };
        node = node.param.node;
      } else {
        const next = node.literal.get(part) ?? { literal: new Map() };
        node.literal.set(part, next);
        node = next;
      }
    }
    node.resource = resource;
  }
}

/** The resource's method for a request: the one declared for its verb, else ANY. */
function methodOf(resource: DeclaredResource, httpMethod: string): DeclaredMethod | undefined {
  return resource.methods.get(httpMethod) ?? resource.methods.get("ANY");
}
