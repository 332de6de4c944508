import { expect } from "chai";
import { readFileSync } from "node:fs";
import { renderWith, render, request, seedRequest } from "./fixtures.ts";

const passthrough = readFileSync(new URL("../../../templates/passthrough.vtl", import.meta.url), "utf8");

describe("AWS mapping template examples", () => {
  describe("the seed's Method Request passthrough template", () => {
    // GIVEN the seed request WHEN the console's passthrough template renders it
    const event = JSON.parse(render(passthrough, { request: seedRequest })) as Record<string, unknown>;

    it('"method" is $context.httpMethod', () => {
      expect(event.method).to.equal("POST");
    });

    it('"authcontext" renders "" without an authorizer (null renders empty on AWS)', () => {
      expect(event.authcontext).to.equal("");
    });

    it('"body-json" is $input.json(\'$\') of the body', () => {
      expect(event["body-json"]).to.deep.equal({ keybody: "valuebody" });
    });

    it('"params" holds path, querystring and header in that order', () => {
      const params = event.params as Record<string, unknown>;
      expect(Object.keys(params)).to.deep.equal(["path", "querystring", "header"]);
      expect(params.path).to.deep.equal({ proxy: "path1/path2" });
      expect(params.querystring).to.deep.equal({ query1: "querystring1", query2: "querystring2" });
      expect(params.header).to.deep.equal({ header1: "value1", header2: "value2", "Content-Type": "application/json" });
    });

    it("escapes '/' in parameter values as \\/ (commons-lang escapeJavaScript)", () => {
      expect(render(passthrough, { request: seedRequest })).to.include('"proxy" : "path1\\/path2"');
    });

    it("a query value with ' makes the event invalid JSON, as on AWS (notes 4.5)", () => {
      const text = render(passthrough, { request: request({ query: { q: ["it's"] } }) });
      expect(text).to.include(`"q" : "it\\'s"`);
      expect(() => JSON.parse(text)).to.throw(SyntaxError);
    });
  });

  describe("the /things/{id} request and response example", () => {
    const template = `{"id":"$input.params('id')","count":"$input.path('$.things').size()","things":$input.json('$.things')}`;
    const thingsRequest = request({ pathParameters: { id: "abc" }, body: '{"things":{"1":{},"2":{},"3":{}}}' });

    it("renders the documented response with $input.params, $input.path().size() and $input.json", () => {
      expect(render(template, { request: thingsRequest })).to.equal('{"id":"abc","count":"3","things":{"1":{},"2":{},"3":{}}}');
    });

    it("with $util.escapeJavaScript around $input.json the quotes come out escaped, as AWS does in practice", () => {
      // The doc prints unescaped quotes here, but AWS escapes `"` (SAM issue #1895's
      // `"input": "$util.escapeJavaScript($input.json('$'))"` only works because of it).
      const documented = template.replace("$input.json('$.things')", "$util.escapeJavaScript($input.json('$.things'))");
      expect(render(documented, { request: thingsRequest })).to.equal('{"id":"abc","count":"3","things":{\\"1\\":{},\\"2\\":{},\\"3\\":{}}}');
    });
  });

  it("$util.parseJson: the errorMessage example yields errorMessageObjKey2ArrVal 1", () => {
    const template = `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}`;
    const body = JSON.stringify({ errorMessage: JSON.stringify({ key1: "var1", key2: { arr: [1, 2, 3] } }) });
    expect(JSON.parse(render(template, { request: request({ body }) }))).to.deep.equal({ errorMessageObjKey2ArrVal: 1 });
  });

  it("$input.path('$.pets').size() counts a 3-element array as 3", () => {
    const body = '{"pets":[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}]}';
    expect(render(`$input.path('$.pets').size()`, { request: request({ body }) })).to.equal("3");
  });

  describe("$context.responseOverride in a response template (notes 3.4)", () => {
    const template = `#set($inputRoot=$input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("customerror"))#set($context.responseOverride.status=400)#else#set($context.responseOverride.status=202)#end`;

    it("a body containing customerror overrides the status to 400", () => {
      const result = renderWith(template, { request: request({ body: '{"message":"customerror"}' }) });
      expect(result.responseOverride.status).to.equal(400);
      expect(result.text.trim()).to.equal('{"message":"customerror"}');
    });

    it("any other body overrides the status to 202", () => {
      expect(renderWith(template, { request: request({ body: '{"message":"fine"}' }) }).responseOverride.status).to.equal(202);
    });
  });

  it("$util.urlEncode of an empty $input.body gives %7B%7D (empty body reads as {})", () => {
    expect(render("$util.urlEncode($input.body)")).to.equal("%7B%7D");
  });
});
