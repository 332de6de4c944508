import { expect } from "chai";
import { chooseIntegrationResponse, chooseRequestTemplate, chooseResponseTemplate } from "../../gateway/mapping-choices.ts";
import type { DeclaredIntegration, DeclaredIntegrationResponse } from "../../gateway/declared-api.ts";
import { compileTemplate } from "../../gateway/vtl/compile.ts";

function templates(entries: Record<string, string>): Map<string, ReturnType<typeof compileTemplate>> {
  return new Map(Object.entries(entries).map(([type, source]) => [type, compileTemplate(source)]));
}

function integration(overrides: Partial<DeclaredIntegration>): DeclaredIntegration {
  return {
    type: "AWS", uri: "arn", integrationHttpMethod: "POST", passthroughBehavior: "WHEN_NO_TEMPLATES",
    requestTemplates: new Map(), requestParameters: [], timeoutMs: 29000, responses: [], ...overrides,
  };
}

function response(statusCode: string, pattern?: string, responseTemplates: Record<string, string> = {}): DeclaredIntegrationResponse {
  return {
    statusCode, selectionPattern: pattern === undefined ? undefined : new RegExp(`^(?:${pattern})$`),
    responseTemplates: templates(responseTemplates), responseParameters: [],
  };
}

describe("mapping choices (gateway/mapping-choices.ts)", () => {
  describe("request template", () => {
    const json = integration({ requestTemplates: templates({ "application/json": "{\"a\":1}" }) });

    it("takes the template of the Content-Type's media type, parameters ignored", () => {
      expect(chooseRequestTemplate(json, "Application/JSON; charset=UTF-8")).to.deep.equal({
        contentType: "application/json", template: "{\"a\":1}", reason: "the Content-Type's media type application/json has a template",
      });
    });

    it("takes application/json when there is no Content-Type", () => {
      expect(chooseRequestTemplate(json, undefined).reason).to.equal("application/json (no Content-Type) has a template");
    });

    it('says "passthroughBehavior" WHEN_NO_TEMPLATES refuses an unmapped type once templates exist', () => {
      expect(chooseRequestTemplate(json, "text/plain")).to.deep.equal({
        reason: "the Content-Type's media type text/plain has no template and passthroughBehavior WHEN_NO_TEMPLATES refuses it",
      });
    });

    it('says "passthroughBehavior" WHEN_NO_MATCH passes an unmapped type through', () => {
      const lenient = integration({ ...json, passthroughBehavior: "WHEN_NO_MATCH" });
      expect(chooseRequestTemplate(lenient, "text/plain").reason)
        .to.equal("the Content-Type's media type text/plain has no template and passthroughBehavior WHEN_NO_MATCH passes the body through");
    });

    it("says when no template is declared at all", () => {
      expect(chooseRequestTemplate(integration({}), "text/plain").reason)
        .to.equal("no request template is declared and passthroughBehavior WHEN_NO_TEMPLATES passes the body through");
    });
  });

  describe("integration response", () => {
    const lambda = integration({ responses: [response("200"), response("502", "(\\n|.)+")] });

    it("names the pattern and the errorMessage it matched", () => {
      expect(chooseIntegrationResponse(lambda, "boom").choice).to.deep.equal({
        statusCode: "502", selectionPattern: "(\\n|.)+", selectionValueName: "errorMessage", selectionValue: "boom",
        reason: 'selection pattern (\\n|.)+ matches errorMessage "boom"',
      });
    });

    it("falls back to the default response when no pattern matches", () => {
      const { choice, response: selected } = chooseIntegrationResponse(lambda, "");
      expect(choice.statusCode).to.equal("200");
      expect(choice.reason).to.equal('the default response: errorMessage "" matches no selection pattern');
      expect(selected?.statusCode).to.equal("200");
    });

    it("matches an HTTP integration's status code", () => {
      const http = integration({ type: "HTTP", responses: [response("200"), response("400", "4\\d{2}")] });
      expect(chooseIntegrationResponse(http, "404").choice.reason).to.equal('selection pattern 4\\d{2} matches status code "404"');
    });

    it("says when nothing matches and there is no default", () => {
      const strict = integration({ responses: [response("400", "4\\d{2}")] });
      const { choice, response: selected } = chooseIntegrationResponse(strict, "");
      expect(choice).to.not.have.property("statusCode");
      expect(choice.reason).to.equal('errorMessage "" matches no selection pattern and there is no default response');
      expect(selected).to.equal(undefined);
    });
  });

  describe("response template", () => {
    const several = response("200", undefined, { "text/plain": "plain", "application/json": "{}", "application/xml": " " });

    it("takes the template of Accept's first media type", () => {
      expect(chooseResponseTemplate(several, "text/plain, application/json")).to.deep.equal({
        contentType: "text/plain", template: "plain", reason: "Accept's first media type text/plain has a template",
      });
    });

    it("takes application/json when Accept names no declared type or is absent", () => {
      expect(chooseResponseTemplate(several, "image/png").reason).to.equal("no template for Accept's image/png, so application/json");
      expect(chooseResponseTemplate(several, undefined).contentType).to.equal("application/json");
    });

    it("takes the first declared template when there is no application/json one", () => {
      const other = response("200", undefined, { "text/plain": "plain" });
      expect(chooseResponseTemplate(other, "*/*").reason).to.equal("no template for Accept's */*, so the first declared, text/plain");
    });

    it("says an empty template or none passes the body through", () => {
      expect(chooseResponseTemplate(several, "application/xml")).to.deep.equal({
        reason: "Accept's first media type application/xml has a template; it is empty, so the body passes through",
      });
      expect(chooseResponseTemplate(response("200"), "*/*").reason).to.equal("the integration response declares no template, so the body passes through");
    });
  });
});
