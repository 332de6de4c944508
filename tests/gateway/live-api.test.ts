/**
 * The served API kept in step with its sources, on a copy of the fixture project the tests edit. Each test
 * edits files, then calls refresh() (what the file watcher calls) and waits for it: no timing is involved.
 */
import { expect } from "chai";
import got from "got";
import * as path from "node:path";
import { LiveApi } from "../../gateway/live-api.ts";
import { startGatewayServer, type RunningGateway } from "../../gateway/server.ts";
import { copyProject, type ProjectCopy } from "../support/project-copy.ts";
import { projectDir } from "../support/stack-config.ts";

const fixture = path.join(projectDir, "tests", "fixtures", "gateway", "devloop");

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

describe("gateway/live-api: reloading the served API when its sources change", function () {
  this.timeout(120_000);
  let project: ProjectCopy;
  let live: LiveApi;
  let server: RunningGateway;
  const log: string[] = [];

  before(async () => {
    project = await copyProject(fixture);
    live = await LiveApi.start({ projectDir: project.dir, stack: "test", echoEndpoint: "stack", log: (line) => log.push(line) });
    server = await startGatewayServer(live);
    await live.prepareReloads();
  });
  after(async () => {
    await server?.close();
    await live?.close();
    await project?.remove();
  });

  async function call(method: string, route: string, body: unknown = {}): Promise<Answer> {
    const response = await got(`${server.url}/test${route}`, {
      method: method as "POST", json: body, throwHttpErrors: false, retry: { limit: 0 },
    });
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  }

  /** Refreshes and returns what it logged. */
  async function refresh(): Promise<string[]> {
    const before = log.length;
    await live.refresh();
    return log.slice(before);
  }

  /** Refreshes and expects one line logged, matching `pattern`. */
  async function expectReload(pattern: RegExp): Promise<void> {
    const lines = await refresh();
    expect(lines, `expected one line matching ${pattern}; got ${JSON.stringify(lines)}`).to.have.length(1);
    expect(lines[0]).to.match(pattern);
  }

  describe("starting", () => {
    it("starts from a fresh run when nothing is cached, and says why", async () => {
      expect(live.startedFrom).to.deep.equal({ cache: false, reason: "no cached run" });
      expect(log).to.deep.equal(["Running the program (no cached run)"]);
      expect(await call("POST", "/hello/you")).to.deep.include({ status: 200, body: { message: "hi, you", event: { proxy: "you", body: {} } } });
    });

    it("does nothing when no file changed", async () => {
      expect(await refresh()).to.deep.equal([]);
    });
  });

  describe("reloads after a change to", () => {
    it("the request template", async () => {
      await project.replace("templates/request.vtl", '{"proxy"', '{"added": "field", "proxy"');
      await expectReload(/^Reloaded in [\d.]+ s \(templates\/request\.vtl changed\): changed ANY \/hello\/\{proxy\+\}$/);
      expect((await call("POST", "/hello/you")).body.event).to.deep.equal({ added: "field", proxy: "you", body: {} });
    });

    it("the response template", async () => {
      await project.replace("templates/response.vtl", '"message"', '"text"');
      await expectReload(/\(templates\/response\.vtl changed\): changed ANY \/hello\/\{proxy\+\}$/);
      expect((await call("POST", "/hello/you")).body).to.have.property("text", "hi, you");
    });

    it("the handler", async () => {
      await project.replace("handlers/greet.ts", "`${process.env.GREETING}, ", "`${process.env.GREETING}!! ");
      await expectReload(/\(handlers\/greet\.ts changed\): changed ANY \/hello\/\{proxy\+\}$/);
      expect((await call("POST", "/hello/you")).body).to.have.property("text", "hi!! you");
    });

    it("the stack file", async () => {
      await project.replace("Pulumi.test.yaml", "greeting: hi", "greeting: hey");
      await expectReload(/\(Pulumi\.test\.yaml changed\): changed ANY \/hello\/\{proxy\+\}$/);
      expect((await call("POST", "/hello/you")).body).to.have.property("text", "hey!! you");
    });

    it("Pulumi.yaml", async () => {
      await project.replace("Pulumi.yaml", "default: hello\n  greeting", "default: hola\n  greeting");
      await expectReload(/\(Pulumi\.yaml changed\): added ANY \/hola\/\{proxy\+\}; removed ANY \/hello\/\{proxy\+\}$/);
      expect((await call("POST", "/hola/you")).status).to.equal(200);
      expect((await call("POST", "/hello/you")).status).to.equal(403);
    });

    it("a component", async () => {
      await project.replace("greeting-api.ts", 'httpMethod: "ANY"', 'httpMethod: "POST"');
      await expectReload(/\(greeting-api\.ts changed\): added POST \/hola\/\{proxy\+\}; removed ANY \/hola\/\{proxy\+\}$/);
      expect((await call("POST", "/hola/you")).status).to.equal(200);
      expect((await call("PUT", "/hola/you")).status).to.equal(403);
    });

    it("the program", async () => {
      await project.replace("index.ts", 'greeting: config.require("greeting")', 'greeting: config.require("greeting").toUpperCase()');
      await expectReload(/\(index\.ts changed\): changed POST \/hola\/\{proxy\+\}$/);
      expect((await call("POST", "/hola/you")).body).to.have.property("text", "HEY!! you");
    });
  });

  describe("keeps the last good API serving when a change breaks", () => {
    let served: Answer;
    before(async () => {
      served = await call("POST", "/hola/you");
    });

    it("a component (syntax error), names its file and line, and reloads once it is fixed", async () => {
      const source = await project.read("greeting-api.ts");
      await project.replace("greeting-api.ts", "const parent = { parent: this };", "const parent = { parent: this } +;");
      const line = source.split("\n").findIndex((text) => text.includes("const parent = { parent: this };")) + 1;
      const [failure] = await refresh();
      expect(failure).to.match(/^Reload failed \(greeting-api\.ts changed\); still serving the previous API:\n/);
      expect(failure).to.include(`greeting-api.ts:${line}:`);
      expect(await call("POST", "/hola/you")).to.deep.equal(served);

      await project.write("greeting-api.ts", source.replace('"application/json": template("request.vtl")', '"application/json": template("request.vtl").replace("field", "fixed")'));
      await expectReload(/\(greeting-api\.ts changed\): changed POST \/hola\/\{proxy\+\}$/);
      expect((await call("POST", "/hola/you")).body.event).to.have.property("added", "fixed");
      served = await call("POST", "/hola/you");
    });

    it("a component (an error thrown while the program runs), naming where it was thrown", async () => {
      const source = await project.read("greeting-api.ts");
      await project.replace("greeting-api.ts", "    const parent = { parent: this };", "    const parent = { parent: this };\n    (args as unknown as { missing: { field: number } }).missing.field;");
      const line = source.split("\n").findIndex((text) => text.includes("const parent = { parent: this };")) + 2;
      const [failure] = await refresh();
      expect(failure, failure).to.include("TypeError: Cannot read properties of undefined (reading 'field')");
      expect(failure, failure).to.match(new RegExp(`at greeting-api\\.ts:${line}:\\d+$`));
      expect(await call("POST", "/hola/you")).to.deep.equal(served);
      await project.write("greeting-api.ts", source);
      expect(await refresh()).to.deep.equal(["Sources are back to those of the served API; nothing to reload"]);
    });

    it("the stack file (invalid config), naming the key", async () => {
      const source = await project.read("Pulumi.test.yaml");
      await project.replace("Pulumi.test.yaml", "greeting: hey", "greeting: [1, 2]");
      const [failure] = await refresh();
      expect(failure).to.match(/^Reload failed \(Pulumi\.test\.yaml changed\)/);
      expect(failure).to.include('"devloop-fixture:greeting" must be of type string');
      expect(await call("POST", "/hola/you")).to.deep.equal(served);
      await project.write("Pulumi.test.yaml", source);
      await refresh();
    });

    it("a template that does not compile, naming the route and the template", async () => {
      const source = await project.read("templates/response.vtl");
      await project.write("templates/response.vtl", "#if($input.json('$.greeting')");
      const [failure] = await refresh();
      expect(failure).to.match(/^Reload failed \(templates\/response\.vtl changed\)/);
      expect(failure, failure).to.include("200 response template of POST /hola/{proxy+} (application/json) does not compile");
      expect(await call("POST", "/hola/you")).to.deep.equal(served);
      await project.write("templates/response.vtl", source);
      await refresh();
    });
  });

  describe("swapping", () => {
    it("answers a request in flight during a swap with the API it arrived at, and later ones with the new API", async () => {
      const held = call("POST", "/hola/held", { hold: true });
      const handlerWaiting = new Promise<() => void>((resolve) => {
        const poll = () => {
          const waiting = (globalThis as { releaseHeldRequest?: () => void }).releaseHeldRequest;
          if (waiting) resolve(waiting);
          else setTimeout(poll, 5);
        };
        poll();
      });
      const answeredEarly = held.then((answer): never => {
        throw new Error(`expected the handler to hold the request; it was answered ${answer.status} ${JSON.stringify(answer.body)}`);
      });
      const release = await Promise.race([handlerWaiting, answeredEarly]);
      await project.replace("templates/response.vtl", '"text"', '"swapped"');
      await expectReload(/\(templates\/response\.vtl changed\): changed POST \/hola\/\{proxy\+\}$/);
      expect((await call("POST", "/hola/later")).body).to.have.property("swapped", "HEY!! later");
      release();
      const answer = await held;
      expect(answer.status).to.equal(200);
      expect(answer.body).to.have.property("text", "HEY!! held");
      expect(answer.body).not.to.have.property("swapped");
    });
  });
});
