/**
 * The local gateway never crashes: GIVEN the real local API on a loopback port, WHEN a seeded storm of
 * random and hostile requests hits it over real sockets, THEN every answer is one API Gateway could
 * give and the seed request still gets its echoed event. A failure prints the seed; rerun it with
 * `GATEWAY_FUZZ_SEED=<seed> npx mocha --grep robustness`.
 */
import { expect } from "chai";
import got from "got";
import { captureLambdaLogs } from "../../gateway/backends/lambda-logs.ts";
import { loadLocalApi, type LocalApi } from "../../gateway/local-api.ts";
import { startGatewayServer, type RunningGateway } from "../../gateway/server.ts";

import { ANSWER_TIMEOUT_MS, CASES, CONCURRENCY, Fuzz, MIN_CASES, SEED, STORM_BUDGET_MS, mulberry32, problemWith, storm } from "../support/request-storm.ts";

describe(`local gateway robustness (seed ${SEED})`, function () {
  let api: LocalApi;
  let server: RunningGateway;
  const processErrors: string[] = [];
  const accessLog: string[] = [];
  const recordError = (error: unknown) => processErrors.push(String(error));
  let seedPrinted = false;

  before(async function () {
    this.timeout(60_000);
    // Thousands of invocations would each log their event.
    captureLambdaLogs(() => undefined);
    process.on("uncaughtException", recordError);
    process.on("unhandledRejection", recordError);
    api = await loadLocalApi();
    server = await startGatewayServer(api.gateway, { accessLog: (line) => accessLog.push(line) });
  });

  after(async () => {
    process.off("uncaughtException", recordError);
    process.off("unhandledRejection", recordError);
    await server?.close();
    await api?.close();
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed" && !seedPrinted) {
      seedPrinted = true;
      console.error(`robustness seed ${SEED}: rerun with GATEWAY_FUZZ_SEED=${SEED} npx mocha --grep robustness`);
    }
  });

  describe(`after a storm of ${CASES} random and hostile requests`, () => {
    const failures: string[] = [];
    /** Request ids of the answers that went through the gateway's pipeline. */
    const answeredIds: string[] = [];
    let started = 0;

    before(async function () {
      this.timeout(STORM_BUDGET_MS + ANSWER_TIMEOUT_MS + 10_000);
      const cases = storm(new Fuzz(mulberry32(SEED)));
      const deadline = Date.now() + STORM_BUDGET_MS;
      const worker = async () => {
        while (started < cases.length && Date.now() < deadline) {
          const index = started++;
          const outcome = await cases[index].run(server.url, server.port);
          const problem = problemWith(cases[index], outcome);
          if (problem !== undefined) failures.push(`#${index} ${cases[index].description.slice(0, 300)}: ${problem}`);
          // server.ts answers 413 itself, before the pipeline and its access log.
          const requestId = outcome.kind === "answer" && outcome.status !== 413 ? outcome.headers["x-amzn-requestid"] : undefined;
          if (requestId !== undefined) answeredIds.push(requestId);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    });

    it("answered each request with a status and body API Gateway would give, or closed where that is fine", () => {
      expect(failures, `seed ${SEED}: ${failures.length} of ${started} cases failed:\n${failures.slice(0, 20).join("\n")}`).to.deep.equal([]);
      expect(started, `expected at least ${MIN_CASES} cases within ${STORM_BUDGET_MS} ms; got ${started}`).to.be.at.least(MIN_CASES);
    });

    it("raised no uncaught exception or unhandled rejection", () => {
      expect(processErrors).to.deep.equal([]);
    });

    it("wrote a JSON access-log line for each request the gateway answered", () => {
      const logged = new Set(accessLog.map((line) => (JSON.parse(line) as { requestId: string }).requestId));
      const missing = answeredIds.filter((id) => !logged.has(id));
      expect(answeredIds.length).to.be.greaterThan(0);
      expect(missing, `expected an access-log line for every answered request; ${missing.length} of ${answeredIds.length} missing`).to.deep.equal([]);
    });

    it("still answers the seed POST on /dev/lambda/path1/path2 with the echoed event", async () => {
      const response = await got.post(`${server.url}/dev/lambda/path1/path2?query1=querystring1&query2=querystring2`, {
        headers: { header1: "value1", header2: "value2", "Content-Type": "application/json" },
        body: '{"keybody":"valuebody"}', throwHttpErrors: false, retry: { limit: 0 }, timeout: { request: ANSWER_TIMEOUT_MS },
      });
      expect(response.statusCode, `expected 200; got ${response.statusCode} ${response.body}`).to.equal(200);
      const event = JSON.parse((JSON.parse(response.body) as { body: string }).body) as Record<string, unknown>;
      expect(event).to.deep.include({ method: "POST", "body-json": { keybody: "valuebody" } });
      expect(event.params).to.deep.include({ path: { proxy: "path1/path2" }, querystring: { query1: "querystring1", query2: "querystring2" } });
      expect((event.params as { header: Record<string, string> }).header).to.include({ header1: "value1", header2: "value2" });
    });

    it("still serves the HTTP route through its echo backend", async () => {
      const response = await got.post(`${server.url}/dev/http/path1/path2?query1=querystring1`, {
        headers: { "Content-Type": "application/json" }, body: '{"keybody":"valuebody"}',
        throwHttpErrors: false, retry: { limit: 0 }, timeout: { request: ANSWER_TIMEOUT_MS },
      });
      expect(response.statusCode, `expected 200; got ${response.statusCode} ${response.body}`).to.equal(200);
      expect(JSON.parse(response.body)).to.deep.include({ args: { query1: "querystring1" } });
    });
  });
});
