import { expect } from "chai";
import type { DeclaredMethod, DeclaredResource } from "../../gateway/declared-api.ts";
import { ANY_METHODS, Router, type RouteMatch } from "../../gateway/router.ts";

/** A resource at `path` declaring `verbs` (ANY included), with nothing but what routing reads. */
function resource(path: string, ...verbs: string[]): DeclaredResource {
  const id = `id:${path}`;
  const methods = new Map<string, DeclaredMethod>(verbs.map((httpMethod) => [
    httpMethod,
    { httpMethod, resourcePath: path, resourceId: id, requestParameters: {}, methodResponses: new Set(["200"]) },
  ]));
  return { id, path, methods };
}

/** The request path split as the gateway splits it: `/dev/a/b` → `["dev", "a", "b"]`. */
function segments(path: string): string[] {
  return path.split("/").slice(1);
}

/** `METHOD resourcePath` of the match, or undefined. */
function routeOf(match: RouteMatch | undefined): string | undefined {
  return match && `${match.method.httpMethod} ${match.method.resourcePath}`;
}

describe("router: which method a request invokes", () => {
  describe("the stage prefix", () => {
    const router = new Router("dev", [resource("/", "GET"), resource("/items", "GET")]);

    it("the stage is the first path segment; the rest is the resource path", () => {
      expect(routeOf(router.match("GET", segments("/dev/items")))).to.equal("GET /items");
      expect(routeOf(router.match("GET", segments("/dev")))).to.equal("GET /");
    });

    it("an unknown stage matches nothing, even when the rest of the path would", () => {
      expect(router.match("GET", segments("/prod/items"))).to.equal(undefined);
      expect(router.match("GET", segments("/items"))).to.equal(undefined);
      expect(router.match("GET", segments("/Dev/items")), "the stage name is case-sensitive").to.equal(undefined);
    });

    it("fromModel routes the model's stage and resources", () => {
      const fromModel = Router.fromModel({
        name: "api", apiId: "a1", accountId: "123456789012", region: "us-east-1", stageName: "v1", stageVariables: {}, deploymentId: "d1",
        resources: [resource("/items", "GET")], gatewayResponses: [], throttling: new Map(),
      });
      expect(routeOf(fromModel.match("GET", segments("/v1/items")))).to.equal("GET /items");
      expect(fromModel.match("GET", segments("/dev/items"))).to.equal(undefined);
    });
  });

  describe("literal, {param} and greedy {name+} segments", () => {
    it("a literal segment beats a {param} sibling", () => {
      const router = new Router("dev", [resource("/items/{id}", "GET"), resource("/items/new", "GET")]);
      expect(routeOf(router.match("GET", segments("/dev/items/new")))).to.equal("GET /items/new");
      const other = router.match("GET", segments("/dev/items/42"));
      expect(routeOf(other)).to.equal("GET /items/{id}");
      expect(other?.pathParameters).to.deep.equal({ id: "42" });
    });

    it("a literal beats {param} whichever is declared first", () => {
      const router = new Router("dev", [resource("/items/new", "GET"), resource("/items/{id}", "GET")]);
      expect(routeOf(router.match("GET", segments("/dev/items/new")))).to.equal("GET /items/new");
    });

    it("a {param} beats a greedy {name+} declared beside it", () => {
      const router = new Router("dev", [resource("/files/{rest+}", "GET"), resource("/files/{name}", "GET")]);
      const one = router.match("GET", segments("/dev/files/a"));
      expect(routeOf(one)).to.equal("GET /files/{name}");
      expect(one?.pathParameters).to.deep.equal({ name: "a" });
      const two = router.match("GET", segments("/dev/files/a/b"));
      expect(routeOf(two), "a {param} holds one segment only").to.equal("GET /files/{rest+}");
      expect(two?.pathParameters).to.deep.equal({ rest: "a/b" });
    });

    it("a deeper {param} route beats a greedy ancestor; what it cannot hold goes to the greedy one", () => {
      const router = new Router("dev", [resource("/{proxy+}", "ANY"), resource("/items/{id}", "GET")]);
      expect(routeOf(router.match("GET", segments("/dev/items/7")))).to.equal("GET /items/{id}");
      const deeper = router.match("GET", segments("/dev/items/7/parts"));
      expect(routeOf(deeper)).to.equal("ANY /{proxy+}");
      expect(deeper?.pathParameters, "no {id} is left over from the branch that failed").to.deep.equal({ proxy: "items/7/parts" });
    });

    it("several {param} segments are all captured", () => {
      const router = new Router("dev", [resource("/users/{user}/orders/{order}", "GET")]);
      expect(router.match("GET", segments("/dev/users/u1/orders/o2"))?.pathParameters).to.deep.equal({ user: "u1", order: "o2" });
    });

    it("a {param} never matches an empty segment", () => {
      const router = new Router("dev", [resource("/items/{id}/parts", "GET")]);
      expect(router.match("GET", segments("/dev/items//parts"))).to.equal(undefined);
      expect(routeOf(router.match("GET", segments("/dev/items/x/parts")))).to.equal("GET /items/{id}/parts");
    });

    it("a greedy {proxy+} takes every remaining segment, slashes kept", () => {
      const router = new Router("dev", [resource("/lambda/{proxy+}", "ANY")]);
      const match = router.match("POST", segments("/dev/lambda/path1/path2/path3"));
      expect(routeOf(match)).to.equal("ANY /lambda/{proxy+}");
      expect(match?.pathParameters).to.deep.equal({ proxy: "path1/path2/path3" });
    });

    it("a greedy {proxy+} never matches its parent", () => {
      const router = new Router("dev", [resource("/lambda/{proxy+}", "ANY")]);
      expect(router.match("GET", segments("/dev/lambda")), "/dev/lambda").to.equal(undefined);
      expect(router.match("GET", segments("/dev/lambda/")), "/dev/lambda/").to.equal(undefined);
      expect(router.match("GET", segments("/dev")), "/dev").to.equal(undefined);
    });

    it("a greedy {proxy+} at the root takes any path but not the root itself", () => {
      const router = new Router("dev", [resource("/{proxy+}", "ANY")]);
      expect(router.match("GET", segments("/dev/a/b"))?.pathParameters).to.deep.equal({ proxy: "a/b" });
      expect(router.match("GET", segments("/dev/"))).to.equal(undefined);
    });

    it("a greedy variable that is not the last segment: the constructor throws, naming the path", () => {
      expect(() => new Router("dev", [resource("/a/{proxy+}/b", "GET")])).to.throw("greedy path variable must be the last segment: /a/{proxy+}/b");
    });
  });

  describe("a trailing slash", () => {
    const router = new Router("dev", [resource("/", "GET"), resource("/items", "GET"), resource("/files/{proxy+}", "GET")]);

    it("does not change the match", () => {
      expect(routeOf(router.match("GET", segments("/dev/items/")))).to.equal("GET /items");
      expect(routeOf(router.match("GET", segments("/dev/")))).to.equal("GET /");
    });

    it("is not part of a greedy path parameter", () => {
      const match = router.match("GET", segments("/dev/files/a/b/"));
      expect(match?.pathParameters).to.deep.equal({ proxy: "a/b" });
      expect(match?.rawPathParameters).to.deep.equal({ proxy: "a/b" });
    });
  });

  describe("methods", () => {
    it("an explicit method beats ANY on the same resource", () => {
      const router = new Router("dev", [resource("/items", "ANY", "GET")]);
      expect(routeOf(router.match("GET", segments("/dev/items")))).to.equal("GET /items");
      expect(routeOf(router.match("POST", segments("/dev/items")))).to.equal("ANY /items");
    });

    it("ANY stands for DELETE, GET, HEAD, OPTIONS, PATCH, POST and PUT", () => {
      expect([...ANY_METHODS].sort()).to.deep.equal(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
      const router = new Router("dev", [resource("/items", "ANY")]);
      for (const verb of ANY_METHODS) expect(routeOf(router.match(verb, segments("/dev/items"))), verb).to.equal("ANY /items");
    });

    it("a method the resource does not declare matches nothing", () => {
      const router = new Router("dev", [resource("/items", "GET")]);
      expect(router.match("POST", segments("/dev/items"))).to.equal(undefined);
    });

    it("a method outside ANY's set (TRACE, CONNECT, a made-up one) matches nothing, even on ANY", () => {
      const router = new Router("dev", [resource("/items", "ANY"), resource("/{proxy+}", "ANY")]);
      for (const verb of ["TRACE", "CONNECT", "PURGE"]) expect(router.match(verb, segments("/dev/items")), verb).to.equal(undefined);
    });

    it("an unknown path matches nothing", () => {
      const router = new Router("dev", [resource("/items", "ANY")]);
      expect(router.match("GET", segments("/dev/other"))).to.equal(undefined);
      expect(router.match("GET", segments("/dev/items/extra"))).to.equal(undefined);
    });

    it("a resource lacking the method falls through to a greedy sibling that has it", () => {
      const router = new Router("dev", [resource("/{proxy+}", "ANY"), resource("/items", "GET")]);
      expect(routeOf(router.match("GET", segments("/dev/items")))).to.equal("GET /items");
      const post = router.match("POST", segments("/dev/items"));
      expect(routeOf(post), `expected ANY /{proxy+}; got ${routeOf(post)}`).to.equal("ANY /{proxy+}");
      expect(post?.pathParameters).to.deep.equal({ proxy: "items" });
    });

    it("a deeper resource lacking the method falls through to the greedy sibling of an ancestor", () => {
      const router = new Router("dev", [resource("/api/{proxy+}", "POST"), resource("/api/items/{id}", "GET")]);
      const post = router.match("POST", segments("/dev/api/items/3"));
      expect(routeOf(post)).to.equal("POST /api/{proxy+}");
      expect(post?.pathParameters).to.deep.equal({ proxy: "items/3" });
    });

    it("a greedy sibling lacking the method does not take the request either", () => {
      const router = new Router("dev", [resource("/{proxy+}", "GET"), resource("/items", "GET")]);
      expect(router.match("DELETE", segments("/dev/items"))).to.equal(undefined);
    });
  });

  describe("path parameters, decoded and raw", () => {
    it("pathParameters come from the decoded segments, rawPathParameters from the segments as sent", () => {
      const router = new Router("dev", [resource("/items/{id}", "GET")]);
      const match = router.match("GET", ["dev", "items", "a b/c"], ["dev", "items", "a%20b%2Fc"]);
      expect(match?.pathParameters).to.deep.equal({ id: "a b/c" });
      expect(match?.rawPathParameters).to.deep.equal({ id: "a%20b%2Fc" });
    });

    it("a greedy parameter joins decoded and raw segments alike", () => {
      const router = new Router("dev", [resource("/files/{proxy+}", "ANY")]);
      const match = router.match("GET", ["dev", "files", "é", "x y"], ["dev", "files", "%C3%A9", "x%20y"]);
      expect(match?.pathParameters).to.deep.equal({ proxy: "é/x y" });
      expect(match?.rawPathParameters).to.deep.equal({ proxy: "%C3%A9/x%20y" });
    });

    it("matching uses the decoded segments: an encoded literal reaches its resource", () => {
      const router = new Router("dev", [resource("/a b", "GET")]);
      expect(routeOf(router.match("GET", ["dev", "a b"], ["dev", "a%20b"]))).to.equal("GET /a b");
    });

    it("without raw segments, the raw parameters are the decoded ones", () => {
      const router = new Router("dev", [resource("/items/{id}", "GET")]);
      const match = router.match("GET", ["dev", "items", "a b"]);
      expect(match?.rawPathParameters).to.deep.equal({ id: "a b" });
    });

    it("a resource without variables has no path parameters", () => {
      const router = new Router("dev", [resource("/items", "GET")]);
      const match = router.match("GET", segments("/dev/items"));
      expect([match?.pathParameters, match?.rawPathParameters]).to.deep.equal([{}, {}]);
    });
  });
});
