import { delimiter } from "node:path";
import { expect } from "chai";
import {
  confirmation,
  findExecutable,
  operationOptions,
  parseStackArgs,
  stackFileProblem,
  stackSelection,
  type StackCommand,
} from "../../scripts/stack-options.ts";

function command(overrides: Partial<StackCommand> = {}): StackCommand {
  return { operation: "preview", stackName: "dev", yes: false, policyPacks: [], ...overrides };
}

function errorOf(argv: string[]): string {
  const parsed = parseStackArgs(argv);
  if (parsed.kind !== "error") throw new Error(`expected a usage error; got ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe("npm run stack: arguments", () => {
  it("parses an operation, --stack, --yes and repeated --policy-pack", () => {
    expect(parseStackArgs(["up", "--stack", "prod", "--yes", "--policy-pack", "policy", "--policy-pack", "more"])).to.deep.equal({
      kind: "run", command: command({ operation: "up", stackName: "prod", yes: true, policyPacks: ["policy", "more"] }),
    });
    expect(parseStackArgs(["-s", "org/passthrough-api/dev", "outputs"])).to.deep.equal({
      kind: "run", command: command({ operation: "outputs", stackName: "org/passthrough-api/dev" }),
    });
  });

  it("answers --help before checking anything else", () => {
    expect(parseStackArgs(["--help"])).to.deep.equal({ kind: "help" });
  });

  it("rejects a missing or unknown operation, and a second one", () => {
    expect(errorOf(["--stack", "dev"])).to.equal("expected one operation of preview, up, refresh, destroy, outputs; got none");
    expect(errorOf(["deploy", "--stack", "dev"])).to.include("got deploy");
    expect(errorOf(["up", "destroy", "--stack", "dev"])).to.include("got up destroy");
  });

  it("requires --stack with a valid stack name", () => {
    expect(errorOf(["up"])).to.equal("expected --stack NAME; got none");
    expect(errorOf(["up", "--stack", "my stack"])).to.include('got "my stack"');
  });

  it("rejects unknown flags and --policy-pack outside preview/up", () => {
    expect(errorOf(["up", "--stack", "dev", "--force"])).to.match(/--force/);
    expect(errorOf(["destroy", "--stack", "dev", "--policy-pack", "policy"])).to.equal(
      "--policy-pack applies to preview and up only; got it with destroy");
  });
});

describe("npm run stack: checks and options", () => {
  it("accepts a stack only when its Pulumi.<stack>.yaml exists, listing the stacks that do", () => {
    const files = ["Pulumi.dev.yaml", "Pulumi.prod.yaml"];
    expect(stackFileProblem("dev", files)).to.equal(undefined);
    expect(stackFileProblem("acme/passthrough-api/prod", files)).to.equal(undefined);
    expect(stackFileProblem("prdo", files)).to.equal('expected a config file Pulumi.prdo.yaml for stack "prdo"; got stacks dev, prod');
  });

  it("runs up and destroy only with --yes or after asking on a terminal, and refuses otherwise", () => {
    for (const operation of ["up", "destroy"] as const) {
      expect(confirmation(command({ operation, yes: true }), false)).to.equal("proceed");
      expect(confirmation(command({ operation }), true)).to.equal("ask");
      expect(confirmation(command({ operation }), false)).to.equal("refuse");
    }
    for (const operation of ["preview", "refresh", "outputs"] as const) {
      expect(confirmation(command({ operation }), false)).to.equal("proceed");
    }
  });

  it("creates a stack only for preview and up, so a typo never creates an empty stack", () => {
    expect(["preview", "up", "refresh", "destroy", "outputs"].map((op) => stackSelection(op as StackCommand["operation"])))
      .to.deep.equal(["createOrSelect", "createOrSelect", "select", "select", "select"]);
  });

  it("passes the hooks through, colours only a terminal, and adds policy packs only when given", () => {
    const hooks = { onOutput: () => undefined, onError: () => undefined, onEvent: () => undefined, signal: new AbortController().signal };
    expect(operationOptions(command(), hooks, false)).to.deep.equal({ ...hooks, color: "never" });
    expect(operationOptions(command({ policyPacks: ["policy"] }), hooks, true)).to.deep.equal({ ...hooks, color: "always", policyPacks: ["policy"] });
  });

  it("finds the first executable along PATH, skipping empty entries", () => {
    const executables = new Set(["/opt/b/pulumi", "/opt/c/pulumi"]);
    const path = ["", "/opt/a", "/opt/b", "/opt/c"].join(delimiter);
    expect(findExecutable("pulumi", path, (f) => executables.has(f))).to.equal("/opt/b/pulumi");
    expect(findExecutable("pulumi", "/opt/a", (f) => executables.has(f))).to.equal(undefined);
    expect(findExecutable("pulumi", undefined, () => true)).to.equal(undefined);
  });
});
