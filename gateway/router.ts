/**
 * Finds the method a request invokes, as API Gateway REST does: the stage is the first path
 * segment; literal segments beat `{param}` segments, which beat a greedy `{name+}` (last segment only,
 * and never matching its parent); an explicit method beats `ANY`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
 */
import type { ApiModel, MethodModel, ResourceModel } from "./model.ts";

/** The methods `ANY` stands for. */
export const ANY_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);

export interface RouteMatch {
  readonly method: MethodModel;
  /** Decoded path parameters, e.g. `{ proxy: "path1/path2" }`. */
  readonly pathParameters: Record<string, string>;
}

interface Node {
  literal: Map<string, Node>;
  param?: { name: string; node: Node };
  greedy?: { name: string; resource: ResourceModel };
  resource?: ResourceModel;
}

export class Router {
  private readonly root: Node = { literal: new Map() };

  constructor(readonly stageName: string, resources: readonly ResourceModel[]) {
    for (const resource of resources) this.add(resource);
  }

  static fromModel(model: ApiModel): Router {
    return new Router(model.stageName, model.resources);
  }

  /**
   * @param segments the request path split on `/`, percent-decoded, stage first.
   * @returns the match, or undefined when API Gateway would answer 403 Missing Authentication Token.
   */
  match(httpMethod: string, segments: readonly string[]): RouteMatch | undefined {
    if (segments[0] !== this.stageName || !ANY_METHODS.has(httpMethod)) return undefined;
    // A trailing slash does not change the match.
    const end = segments.length > 1 && segments[segments.length - 1] === "" ? segments.length - 1 : segments.length;
    const params: Record<string, string> = {};
    const resource = this.find(this.root, segments, 1, end, params);
    const method = resource?.methods.get(httpMethod) ?? resource?.methods.get("ANY");
    return method === undefined ? undefined : { method, pathParameters: params };
  }

  private find(node: Node, segments: readonly string[], index: number, end: number, params: Record<string, string>): ResourceModel | undefined {
    if (index === end) return node.resource;
    const segment = segments[index];
    const literal = node.literal.get(segment);
    const viaLiteral = literal && this.find(literal, segments, index + 1, end, params);
    if (viaLiteral) return viaLiteral;
    if (node.param && segment !== "") {
      const found = this.find(node.param.node, segments, index + 1, end, params);
      if (found) {
        params[node.param.name] = segment;
        return found;
      }
    }
    if (node.greedy) {
      params[node.greedy.name] = segments.slice(index, end).join("/");
      return node.greedy.resource;
    }
    return undefined;
  }

  private add(resource: ResourceModel): void {
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
