import { expect } from "chai";
import { VtlRenderError } from "../../../gateway/vtl/errors.ts";
import { TemplateInput } from "../../../gateway/vtl/input.ts";
import { render, request } from "./fixtures.ts";

const body = JSON.stringify({
  store: { name: "s", books: [{ title: "a", price: 8 }, { title: "b", price: 12 }, { title: "c", price: 9 }] },
  "odd key": 1,
  n: null,
});

function onBody(template: string, payload = body): string {
  return render(template, { request: request({ body: payload }) });
}

describe("$input", () => {
  describe("$input.body", () => {
    it("is the raw payload, whitespace included", () => {
      expect(onBody("$input.body", '{ "a" : 1 }')).to.equal('{ "a" : 1 }');
    });

    it("an empty body renders {} (AWS-observed)", () => {
      expect(onBody("$input.body|$input.json('$')|$input.path('$')", "")).to.equal("{}|{}|{}");
    });

    it("$input.body.someProp is null, rendered \"\"", () => {
      expect(onBody("[$input.body.someProp]", '{"someProp":1}')).to.equal("[]");
    });
  });

  describe("$input.json(path)", () => {
    const cases: [string, string][] = [
      ["$input.json('$.store.name')", '"s"'],
      ["$input.json('$.store.books[0]')", '{"title":"a","price":8}'],
      ["$input.json('$.store.books[-1].title')", '"c"'],
      ["$input.json(\"$['store']['name']\")", '"s"'],
      ["$input.json(\"$['odd key']\")", "1"],
      ["$input.json('$.store.books[*].title')", '["a","b","c"]'],
      ["$input.json('$..price')", "[8,12,9]"],
      ["$input.json('$.store.books[0:2].price')", "[8,12]"],
      ["$input.json('$.store.books[0,2].title')", '["a","c"]'],
      ["$input.json('$.store.*')", '["s",[{"title":"a","price":8},{"title":"b","price":12},{"title":"c","price":9}]]'],
      ["$input.json('store.name')", '"s"'],
      ["$input.json('$.n')", "null"],
    ];
    for (const [expression, expected] of cases) {
      it(`${expression} is ${expected}`, () => {
        expect(onBody(expression)).to.equal(expected);
      });
    }

    it("re-serialises the whole body compactly", () => {
      expect(onBody("$input.json('$')", '{ "a" : [ 1, 2 ] }')).to.equal('{"a":[1,2]}');
    });

    it('a path with no value renders "" (two quote characters)', () => {
      expect(onBody("$input.json('$.missing.deeper')")).to.equal('""');
    });

    it("on a non-JSON body, '$' is the body as a JSON string and other paths have no value", () => {
      expect(onBody("$input.json('$') $input.json('$.a')", "token=a&b=\"c\"")).to.equal('"token=a&b=\\"c\\"" ""');
    });

    it("a filter expression throws InvalidPathException", () => {
      expect(() => onBody("$input.json('$.store.books[?(@.price > 10)]')")).to.throw(VtlRenderError, /InvalidPathException/);
    });
  });

  describe("$input.path(path)", () => {
    it("returns native values: a map, a JSON list, a number", () => {
      expect(onBody("$input.path('$.store').name $input.path('$.store.books').size() $input.path('$.store.books')[1].price")).to.equal("s 3 12");
    });

    it("a missing path is null, rendered \"\"", () => {
      expect(onBody("[$input.path('$.nope')]")).to.equal("[]");
    });

    it("on a non-JSON body '$' is the raw string, so .split('&') works (form bodies)", () => {
      expect(onBody("#foreach($pair in $input.path('$').split('&'))$pair.split('=')[0];#end", "a=1&b=2")).to.equal("a;b;");
    });
  });

  describe("$input.params()", () => {
    const paramsRequest = request({
      pathParameters: { id: "p1" },
      query: { id: ["q1"], tag: ["first", "last"] },
      headers: { id: ["h1"], "X-Trace": ["t"], Accept: ["a", "b"] },
    });

    it("renders {path={…}, querystring={…}, header={…}} in that order", () => {
      expect(render("$input.params()", { request: paramsRequest })).to.equal(
        "{path={id=p1}, querystring={id=q1, tag=last}, header={id=h1, X-Trace=t, Accept=b}}",
      );
    });

    it("$input.params(name) looks in path, then querystring, then header", () => {
      const withoutPath = request({ query: { id: ["q1"] }, headers: { id: ["h1"], only: ["h2"] } });
      expect(render("$input.params('id')", { request: paramsRequest })).to.equal("p1");
      expect(render("$input.params('id') $input.params('only')", { request: withoutPath })).to.equal("q1 h2");
    });

    it("a repeated query key gives its last value", () => {
      expect(render("$input.params('tag') $input.params().querystring.tag", { request: paramsRequest })).to.equal("last last");
    });

    it("header names match case-sensitively, as REST APIs process them", () => {
      expect(render("[$input.params('X-Trace')][$input.params('x-trace')]", { request: paramsRequest })).to.equal("[t][]");
    });

    it("a missing parameter is \"\"", () => {
      expect(render("[$input.params('nope')]", { request: paramsRequest })).to.equal("[]");
    });

    it("returns the same maps for the whole request", () => {
      const input = new TemplateInput(paramsRequest);
      expect(input.params()).to.equal(input.params());
    });
  });
});
