import { expect } from "chai";
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation/index.js";
import { ProgressTracker, StatusLine } from "../../scripts/progress.ts";
import { Interrupts } from "../../scripts/interrupts.ts";
import { errorLine, exitCodeFor, formatChanges, formatOutputs, stackErrorLine } from "../../scripts/report.ts";
import { EXIT } from "../../scripts/stack-options.ts";

function named(name: string): Error {
  return Object.assign(new Error("code: 255"), { name });
}

const urn = (type: string, name: string) => `urn:pulumi:dev::passthrough-api::${type}::${name}`;

function pre(op: OpType, type: string, name: string): EngineEvent {
  return { sequence: 0, timestamp: 0, resourcePreEvent: { metadata: { op, urn: urn(type, name), type, provider: "" } } };
}

function outputs(type: string, name: string): EngineEvent {
  return { sequence: 0, timestamp: 0, resOutputsEvent: { metadata: { op: "create", urn: urn(type, name), type, provider: "" } } };
}

describe("npm run stack: summary and exit codes", () => {
  it("summarises changes with changes first and the preview in the future tense", () => {
    expect(formatChanges("up", { same: 30, create: 2, update: 1 })).to.equal("up: 2 created, 1 updated, 30 unchanged");
    expect(formatChanges("preview", { create: 32 })).to.equal("preview: 32 to create");
    expect(formatChanges("destroy", {})).to.equal("destroy: no changes");
    expect(formatChanges("refresh", undefined)).to.equal("refresh: no changes");
  });

  it("prints outputs as sorted JSON and masks secrets", () => {
    const text = formatOutputs({ stageName: { value: "dev", secret: false }, apiKey: { value: "k", secret: true } });
    expect(text).to.equal(JSON.stringify({ apiKey: "[secret]", stageName: "dev" }, null, 2));
  });

  it("maps errors to the documented exit codes", () => {
    expect(exitCodeFor(named("CommandError"), false)).to.equal(EXIT.failed);
    expect(exitCodeFor(named("ConcurrentUpdateError"), false)).to.equal(EXIT.locked);
    expect(exitCodeFor(named("StackNotFoundError"), false)).to.equal(EXIT.usage);
    expect(exitCodeFor(named("CommandError"), true)).to.equal(EXIT.cancelled);
    expect(exitCodeFor("not an error", false)).to.equal(EXIT.failed);
  });

  it("says what to do about a locked or missing stack in one line", () => {
    expect(errorLine("up", "dev", named("ConcurrentUpdateError"))).to.include("locked by another update");
    expect(errorLine("destroy", "qa", named("StackNotFoundError"))).to.equal(
      'stack "qa" does not exist yet; `npm run stack -- up --stack qa` creates it');
  });

  it("quotes the CLI's own error line when selecting the stack fails (nothing was streamed)", () => {
    const stderr = "Command failed with exit code 255: pulumi stack select\nerror: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions\n";
    const error = Object.assign(named("CommandError"), { commandResult: { stderr } });
    expect(stackErrorLine("dev", error)).to.equal('stack "dev": error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions');
    expect(stackErrorLine("dev", named("StackNotFoundError"))).to.include("does not exist yet");
  });
});

describe("npm run stack: Ctrl-C", () => {
  it("counts signals within the window of the first as the same press (npm and tsx relay it)", () => {
    const interrupts = new Interrupts(1_500);
    expect([0, 5, 40, 1_499, 1_500, 9_000].map((t) => interrupts.press(t)))
      .to.deep.equal(["first", "echo", "echo", "echo", "again", "again"]);
  });
});

describe("npm run stack: progress line", () => {
  it("counts finished steps over started ones and shows the latest in flight", () => {
    const progress = new ProgressTracker();
    expect(progress.line()).to.equal(undefined);
    progress.handle(pre("create", "aws:apigateway/restApi:RestApi", "passthrough"));
    progress.handle(pre("create", "aws:lambda/function:Function", "echo"));
    expect(progress.line()).to.equal("[0/2] creating aws:lambda/function:Function echo (+1 more)");
    progress.handle(outputs("aws:lambda/function:Function", "echo"));
    expect(progress.line()).to.equal("[1/2] creating aws:apigateway/restApi:RestApi passthrough");
    progress.handle(outputs("aws:apigateway/restApi:RestApi", "passthrough"));
    expect(progress.line()).to.equal("[2/2]");
  });

  it("counts a failed step as done, and ignores outputs of steps it never saw start", () => {
    const progress = new ProgressTracker();
    progress.handle(pre("delete", "aws:apigateway/stage:Stage", "passthrough"));
    progress.handle({ sequence: 0, timestamp: 0, resOpFailedEvent: { metadata: { op: "delete", urn: urn("aws:apigateway/stage:Stage", "passthrough"), type: "", provider: "" }, status: 1, steps: 1 } });
    progress.handle(outputs("pulumi:pulumi:Stack", "passthrough-api-dev"));
    expect(progress.line()).to.equal("[1/1]");
  });

  it("rewrites the line in place on a terminal and throttles it elsewhere", () => {
    const written: string[] = [];
    const tty = new StatusLine({ isTTY: true, write: (t: string) => written.push(t) });
    tty.update("[1/2] creating x");
    tty.clear();
    expect(written).to.deep.equal(["\r\x1b[K[1/2] creating x", "\r\x1b[K"]);

    const logged: string[] = [];
    let now = 0;
    const log = new StatusLine({ write: (t: string) => logged.push(t) }, 15_000, () => now);
    log.update("[1/9]");
    now = 5_000;
    log.update("[2/9]");
    now = 15_000;
    log.update("[3/9]");
    log.clear();
    expect(logged).to.deep.equal(["[1/9]\n", "[3/9]\n"]);
  });
});
