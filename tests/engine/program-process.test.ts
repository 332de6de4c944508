import { expect } from "chai";
import { buildProgramCommand } from "../../engine/program-process.ts";
import { parseProjectFile } from "../../engine/project-config.ts";

const project = parseProjectFile(
  'name: shop\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n    nodeargs: "--import tsx"\n',
);

function command(dryRun: boolean) {
  return buildProgramCommand({
    projectDir: "/srv/shop",
    project,
    stack: "dev",
    config: { "shop:stageName": "v1" },
    addr: "127.0.0.1:5000",
    dryRun,
    runScript: "/srv/shop/node_modules/@pulumi/pulumi/cmd/run",
    baseEnv: { PATH: "/bin", PULUMI_NODEJS_STACK: "stale", PULUMI_CONFIG: "{}" },
  });
}

describe("engine/program-process", () => {
  it("runs node with the project's nodeargs, the run script, the CLI's flags and the entry point", () => {
    const { command: node, args, cwd } = command(false);
    expect(node).to.equal(process.execPath);
    expect(cwd).to.equal("/srv/shop");
    const run = args.indexOf("/srv/shop/node_modules/@pulumi/pulumi/cmd/run");
    expect(args.slice(run - 2, run)).to.deep.equal(["--import", "tsx"]);
    expect(args.slice(run + 1)).to.deep.equal([
      "--monitor", "127.0.0.1:5000", "--engine", "127.0.0.1:5000", "--organization", "organization",
      "--project", "shop", "--root-directory", "/srv/shop", "--stack", "dev", "--pwd", "/srv/shop",
      "--parallel", "16", ".",
    ]);
  });

  it('adds "--dry-run" only for a dry run', () => {
    expect(command(true).args).to.include("--dry-run");
    expect(command(false).args).not.to.include("--dry-run");
  });

  it("passes config as PULUMI_CONFIG JSON, no secret keys, and typescript false", () => {
    const { env } = command(false);
    expect(JSON.parse(env.PULUMI_CONFIG)).to.deep.equal({ "shop:stageName": "v1" });
    expect(env.PULUMI_CONFIG_SECRET_KEYS).to.equal("[]");
    expect(env.PULUMI_NODEJS_TYPESCRIPT).to.equal("false");
  });

  it("drops PULUMI_NODEJS_* left in the environment by an outer run", () => {
    const { env } = command(false);
    expect(env.PATH).to.equal("/bin");
    expect(env).not.to.have.property("PULUMI_NODEJS_STACK");
  });

  it("with a launcher, starts it in front of the run script and puts the run's settings in the environment first", () => {
    const { args, env } = buildProgramCommand({
      projectDir: "/srv/shop", project, stack: "dev", config: {}, addr: "127.0.0.1:5000", dryRun: false,
      runScript: "/srv/shop/node_modules/@pulumi/pulumi/cmd/run", launcher: "/engine/runtime/waiting-run.mjs", baseEnv: {},
    });
    expect(args.slice(0, 4)).to.deep.equal(["--import", "tsx", "/engine/runtime/waiting-run.mjs", "/srv/shop/node_modules/@pulumi/pulumi/cmd/run"]);
    expect(env).to.include({
      PULUMI_NODEJS_PROJECT: "shop", PULUMI_NODEJS_STACK: "dev", PULUMI_NODEJS_MONITOR: "127.0.0.1:5000",
      PULUMI_NODEJS_ENGINE: "127.0.0.1:5000", PULUMI_NODEJS_ROOT_DIRECTORY: "/srv/shop", PULUMI_NODEJS_PARALLEL: "16",
    });
    expect(command(false).env).not.to.have.property("PULUMI_NODEJS_MONITOR");
  });
});
