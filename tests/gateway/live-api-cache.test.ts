/** Starting the served API from the cached run of the program, across starts of the gateway. */
import { expect } from "chai";
import got from "got";
import * as path from "node:path";
import { LiveApi, type LiveApiOptions } from "../../gateway/live-api.ts";
import { startGatewayServer } from "../../gateway/server.ts";
import { copyProject, type ProjectCopy } from "../support/project-copy.ts";
import { projectDir } from "../support/stack-config.ts";

const fixture = path.join(projectDir, "tests", "fixtures", "gateway", "devloop");

describe("gateway/live-api: starting from the cached run", function () {
  this.timeout(120_000);
  let project: ProjectCopy;
  before(async () => {
    project = await copyProject(fixture);
  });
  after(() => project?.remove());

  /** Starts, answers one request, stops; returns how it started, its routes, the echo it used and the answer. */
  async function startOnce(options: Partial<LiveApiOptions> = {}) {
    const live = await LiveApi.start({ projectDir: project.dir, stack: "test", log: () => undefined, ...options });
    const server = await startGatewayServer(live);
    try {
      const answer = await got.post(`${server.url}/test/hello/you`, { json: {}, retry: { limit: 0 } }).json<Record<string, unknown>>();
      const routes = live.model.resources.map((r) => `${[...r.methods.keys()].join(",")} ${r.path}`);
      return { startedFrom: live.startedFrom, routes, echo: live.echo?.endpoint, answer };
    } finally {
      await server.close();
      await live.close();
    }
  }

  let first: Awaited<ReturnType<typeof startOnce>>;
  it("runs the program the first time", async () => {
    first = await startOnce();
    expect(first.startedFrom).to.deep.equal({ cache: false, reason: "no cached run" });
    expect(first.answer).to.have.property("message", "hi, you");
  });

  it("serves the same API from the cache the second time, its embedded echo on the same port so the config still fits", async () => {
    const second = await startOnce();
    expect(second.startedFrom).to.deep.equal({ cache: true });
    expect(second.echo).to.equal(first.echo);
    expect(second.routes).to.deep.equal(first.routes);
    expect(second.answer).to.deep.equal(first.answer);
  });

  it("runs the program again when a source changed while it was stopped, and says which", async () => {
    await project.replace("templates/response.vtl", '"message"', '"text"');
    const third = await startOnce();
    expect(third.startedFrom).to.deep.equal({ cache: false, reason: "changed: templates/response.vtl" });
    expect(third.answer).to.have.property("text", "hi, you");
  });

  it("runs the program when told not to use the cache (--no-cache)", async () => {
    const bypassed = await startOnce({ useCache: false });
    expect(bypassed.startedFrom).to.deep.equal({ cache: false, reason: "the cache is bypassed" });
  });
});
