import { expect } from "chai";
import got, { type Response } from "got";
import { KEPT_REQUESTS, MAX_SHOWN_BYTES, type RenderAnswer, type RequestDetail, type RequestSummary, type SendAnswer } from "../../../gateway/console/protocol.ts";
import { startConsoleFixture, type ConsoleFixture } from "../../support/console-fixture.ts";

const ARTICLE = "/dev/lambda/path1/path2?query1=querystring1&query2=querystring2";
const json = { "Content-Type": "application/json" };

describe("local console server (gateway/console/console-server.ts)", function () {
  // The program runs and the function is bundled before the API is served.
  this.timeout(90_000);
  let fixture: ConsoleFixture;

  before(async () => {
    fixture = await startConsoleFixture();
  });
  after(async () => {
    await fixture?.close();
  });

  function onConsole(path: string, options: { method?: "GET" | "POST"; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response<string>> {
    return got(new URL(path, fixture.console.url), { method: options.method ?? "GET", json: options.json, headers: options.headers, throwHttpErrors: false, retry: { limit: 0 } });
  }

  function onApi(path: string, options: { method?: "GET" | "POST"; body?: string; headers?: Record<string, string> } = {}): Promise<Response<string>> {
    return got(`${fixture.gateway.url}${path}`, { method: options.method ?? "GET", body: options.body, headers: options.headers, throwHttpErrors: false, retry: { limit: 0 } });
  }

  it("answers 404 on the API's stage paths, and the API answers 403 Missing Authentication Token on the console's", async () => {
    for (const path of ["/dev/lambda/path1", "/dev", "/dev/http/x?y=1"]) {
      const response = await onConsole(path);
      expect(response.statusCode, `console ${path}`).to.equal(404);
      expect(response.body).to.not.include("Missing Authentication Token");
    }
    for (const path of ["/", "/assets/console.js", "/api/requests", "/api/events"]) {
      const response = await onApi(path);
      expect(response.statusCode, `API ${path}`).to.equal(403);
      expect(JSON.parse(response.body)).to.deep.equal({ message: "Missing Authentication Token" });
    }
  });

  it("serves its page with a policy that loads nothing from elsewhere and runs no inline script", async () => {
    const page = await onConsole("/");
    expect(page.statusCode).to.equal(200);
    expect(page.headers["content-security-policy"]).to.include("default-src 'none'").and.include("script-src 'self'");
    expect(page.body).to.not.match(/https?:\/\//);
    const script = await onConsole("/assets/console.js");
    expect(script.headers["content-type"]).to.match(/^text\/javascript/);
    expect(script.body).to.not.match(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });

  it("refuses a Host that is a name other than localhost, and a change asked by a page of another origin", async () => {
    expect((await onConsole("/api/requests", { headers: { Host: "attacker.example:80" } })).statusCode).to.equal(421);
    const foreign = await onConsole("/api/send", { method: "POST", json: { request: "{}" }, headers: { Origin: "http://attacker.example" } });
    expect(foreign.statusCode).to.equal(403);
    expect((await onConsole("/api/requests", { headers: { Host: "localhost" } })).statusCode).to.equal(200);
  });

  it("keeps each request's steps and function logs, and cuts a body over 256 KB with a link to all of it", async () => {
    const long = JSON.stringify({ text: "é".repeat(200 * 1024) });
    const sent = await onApi(ARTICLE, { method: "POST", body: long, headers: json });
    const requestId = sent.headers["x-amzn-requestid"] as string;
    const detail = JSON.parse((await onConsole(`/api/requests/${requestId}`)).body) as RequestDetail;
    expect(detail.summary).to.include({ requestId, method: "POST", url: ARTICLE, status: 200 });
    expect(detail.steps.map((step) => step.kind)).to.include.members(["methodRequest", "requestMapping", "functionLogs", "methodResponse"]);
    const cut = detail.request.body.cut;
    expect(cut, "expected the body to be cut").to.not.equal(undefined);
    expect(cut?.bytes).to.equal(Buffer.byteLength(long));
    expect(Buffer.byteLength(detail.request.body.text)).to.be.at.most(MAX_SHOWN_BYTES);
    const download = await onConsole(cut!.download!);
    expect(download.headers["content-disposition"]).to.match(/^attachment/);
    expect(download.body).to.equal(long);
    const logs = detail.steps.find((step) => step.kind === "functionLogs");
    expect(logs?.kind === "functionLogs" && logs.lines.text).to.include(`\t${requestId}\tINFO\t`);
  });

  it(`lists the ${KEPT_REQUESTS} newest requests, newest first, however many were sent`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < KEPT_REQUESTS + 10; i++) ids.push((await onApi(`/dev/lambda/n${i}`, { method: "POST", body: "{}", headers: json })).headers["x-amzn-requestid"] as string);
    const listed = (JSON.parse((await onConsole("/api/requests")).body) as RequestSummary[]).map((request) => request.requestId);
    expect(listed).to.deep.equal(ids.slice(-KEPT_REQUESTS).reverse());
  });

  it("replays a request: the API gets it again and answers it under a new request id", async () => {
    const first = await onApi(ARTICLE, { method: "POST", body: '{"keybody":"valuebody"}', headers: { ...json, header1: "value1" } });
    const original = first.headers["x-amzn-requestid"] as string;
    const replayed = JSON.parse((await onConsole(`/api/requests/${original}/replay`, { method: "POST", json: {} })).body) as SendAnswer;
    expect(replayed.status).to.equal(200);
    expect(replayed.requestId).to.be.a("string").and.not.equal(original);
    const detail = JSON.parse((await onConsole(`/api/requests/${replayed.requestId}`)).body) as RequestDetail;
    expect(detail.summary.url).to.equal(ARTICLE);
    expect(detail.request.body.text).to.equal('{"keybody":"valuebody"}');
    expect(detail.request.headers).to.deep.include(["header1", "value1"]);
  });

  it("renders a template for the JSON npm run render takes, and says where a template or request is wrong", async () => {
    const render = async (template: string, request: string) =>
      JSON.parse((await onConsole("/api/render", { method: "POST", json: { template, request } })).body) as RenderAnswer;
    expect(await render("$context.httpMethod $input.params('q')", '{"method": "get", "path": "/dev/a?q=found"}'))
      .to.deep.equal({ ok: true, text: { text: "GET found" } });
    expect(await render("ok\n#foreach($x in)\n#end", "{}")).to.deep.include({ ok: false, in: "template", line: 2 });
    expect(await render("ok", '{\n  "method": "GET",\n}')).to.deep.include({ ok: false, in: "request", line: 3 });
    expect(await render("ok", '{"headers": 1}')).to.deep.equal({ ok: false, in: "request", error: 'request field "headers" must be an object of string arrays' });
    expect((await onConsole("/api/render", { method: "POST", json: { template: 1 } })).statusCode).to.equal(400);
  });
});
