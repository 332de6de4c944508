import { expect } from "chai";
import { KEPT_REQUESTS } from "../../../gateway/console/protocol.ts";
import { RequestLog } from "../../../gateway/console/request-log.ts";
import type { ExecutionRecord } from "../../../gateway/types.ts";

function record(requestId: string, body = ""): ExecutionRecord {
  return {
    requestId, method: "POST", path: "/dev/x", requestTime: new Date(0), latencyMs: 1,
    request: { method: "POST", url: "/dev/x", rawHeaders: [], body: Buffer.from(body), sourceIp: "127.0.0.1", localPort: 3000 },
    response: { status: 200, headers: {}, body: "" },
  };
}

describe("console request log (gateway/console/request-log.ts)", () => {
  it(`keeps the newest ${KEPT_REQUESTS} requests, newest first`, () => {
    const log = new RequestLog();
    for (let i = 0; i < KEPT_REQUESTS + 50; i++) log.add(record(`r${i}`));
    const kept = log.latest().map((r) => r.requestId);
    expect(kept).to.have.length(KEPT_REQUESTS);
    expect(kept[0]).to.equal(`r${KEPT_REQUESTS + 49}`);
    expect(kept.at(-1)).to.equal("r50");
    expect(log.find("r49")).to.equal(undefined);
  });

  it("drops the oldest requests once their bodies pass 64 MB, but always keeps the newest", () => {
    const log = new RequestLog();
    const tenMegabytes = "x".repeat(10 * 1024 * 1024);
    for (let i = 0; i < 8; i++) log.add(record(`big${i}`, tenMegabytes));
    expect(log.latest().map((r) => r.requestId)).to.deep.equal(["big7", "big6", "big5", "big4", "big3", "big2"]);
    const huge = "x".repeat(70 * 1024 * 1024);
    log.add(record("huge", huge));
    expect(log.latest().map((r) => r.requestId)).to.deep.equal(["huge"]);
  });

  it("gives the requests added after a mark, newest first", () => {
    const log = new RequestLog();
    log.add(record("a"));
    const mark = log.mark;
    log.add(record("b"));
    log.add(record("c"));
    expect(log.since(mark).map((r) => r.requestId)).to.deep.equal(["c", "b"]);
    expect(log.since(log.mark)).to.deep.equal([]);
  });

  it("gives a request's function log lines in order, written before its record was added and after", () => {
    const log = new RequestLog();
    log.addFunctionLog("t\ta\tINFO\tfirst\n", "a");
    log.addFunctionLog("t\tb\tINFO\tother\n", "b");
    log.addFunctionLog("t\ta\tINFO\tsecond\n", "a");
    log.add(record("a"));
    log.addFunctionLog("t\ta\tERROR\tlate\n", "a");
    expect(log.functionLogsOf("a")).to.deep.equal(["t\ta\tINFO\tfirst", "t\ta\tINFO\tsecond", "t\ta\tERROR\tlate"]);
  });

  it("drops a request's function log lines with the request", () => {
    const log = new RequestLog();
    log.addFunctionLog("t\tr0\tINFO\tgone\n", "r0");
    for (let i = 0; i <= KEPT_REQUESTS; i++) log.add(record(`r${i}`));
    expect(log.functionLogsOf("r0")).to.deep.equal([]);
  });
});
