import { compileTemplate } from "../../../gateway/vtl/compile.ts";
import { buildTemplateContext, type RequestFacts } from "../../../gateway/vtl/context.ts";
import { TemplateInput } from "../../../gateway/vtl/input.ts";
import type { MethodRequestData, RenderResult, TemplateContext } from "../../../gateway/vtl/types.ts";
import { templateUtil } from "../../../gateway/vtl/util.ts";

/** The seed's curl: POST /dev/lambda/path1/path2?query1=querystring1&query2=querystring2. */
export const seedRequest: MethodRequestData = {
  body: '{"keybody":"valuebody"}',
  pathParameters: { proxy: "path1/path2" },
  query: { query1: ["querystring1"], query2: ["querystring2"] },
  headers: { header1: ["value1"], header2: ["value2"], "Content-Type": ["application/json"] },
};

/** Facts for a request at 2015-04-09T12:34:56Z, the time used in AWS's `requestTime` example. */
export const seedFacts: RequestFacts = {
  requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  extendedRequestId: "AbCdEfGhIjKlMnO=",
  httpMethod: "POST",
  resourcePath: "/lambda/{proxy+}",
  path: "/dev/lambda/path1/path2",
  stage: "dev",
  sourceIp: "203.0.113.7",
  userAgent: "curl/8.5.0",
  requestTime: new Date(Date.UTC(2015, 3, 9, 12, 34, 56)),
  apiId: "abcdef1234",
  accountId: "123456789012",
  domainName: "abcdef1234.execute-api.us-east-1.amazonaws.com",
  resourceId: "abc123",
};

/** A request with only the given parts; the rest empty. */
export function request(parts: Partial<MethodRequestData> = {}): MethodRequestData {
  return { body: "", pathParameters: {}, query: {}, headers: {}, ...parts };
}

export interface RenderOptions {
  readonly request?: MethodRequestData;
  readonly facts?: Partial<RequestFacts>;
  readonly stageVariables?: Record<string, string>;
  readonly context?: TemplateContext;
}

/** Compiles and renders `source` once. */
export function renderWith(source: string, options: RenderOptions = {}): RenderResult {
  const context = options.context ?? buildTemplateContext({ ...seedFacts, ...options.facts });
  return compileTemplate(source).render({
    input: new TemplateInput(options.request ?? request()),
    context,
    stageVariables: options.stageVariables ?? {},
    util: templateUtil,
  });
}

/** The rendered text of `source`. */
export function render(source: string, options: RenderOptions = {}): string {
  return renderWith(source, options).text;
}
