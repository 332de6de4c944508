import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConfig, fullKey, loadProject, parseProjectFile, parseStackFile } from "../../engine/project-config.ts";

const PROJECT_YAML = `
name: shop
main: src/
runtime:
  name: nodejs
  options:
    typescript: false
    nodeargs: "--import tsx  --enable-source-maps"
config:
  aws:region: us-east-1
  stageName:
    type: string
    default: v1
  retries:
    type: integer
    default: 3
  queries:
    type: array
    items: { type: string }
    default: []
  verbose:
    type: boolean
    default: false
`;

const project = parseProjectFile(PROJECT_YAML);

function rejection(stackConfig: Record<string, unknown>, overrides?: Record<string, unknown>): string {
  try {
    buildConfig(project, "dev", stackConfig, overrides);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify({ stackConfig, overrides })} to be rejected; it was accepted`);
}

describe("engine/project-config", () => {
  describe("parseProjectFile", () => {
    it('reads "runtime.options": typescript false and nodeargs split on spaces', () => {
      expect(project.runtime).to.deep.equal({ typescript: false, nodeargs: ["--import", "tsx", "--enable-source-maps"] });
    });

    it('keys project config under "<project>:" and keeps other namespaces as written', () => {
      expect(Object.keys(project.config)).to.deep.equal([
        "aws:region", "shop:stageName", "shop:retries", "shop:queries", "shop:verbose",
      ]);
      expect(project.config["aws:region"]).to.deep.equal({ default: "us-east-1" });
    });

    it('takes "main" as the program path, "." when absent', () => {
      expect(project.main).to.equal("src/");
      expect(parseProjectFile("name: p\nruntime: nodejs\n").main).to.equal(".");
    });

    it('"typescript" defaults to true and nodeargs to none', () => {
      expect(parseProjectFile("name: p\nruntime: nodejs\n").runtime).to.deep.equal({ typescript: true, nodeargs: [] });
    });

    it('rejects a project without "name"', () => {
      expect(() => parseProjectFile("runtime: nodejs\n")).to.throw('Pulumi.yaml: "name" must be a non-empty string');
    });
  });

  describe("buildConfig", () => {
    it("GIVEN only defaults THEN PULUMI_CONFIG holds them, non-strings JSON-encoded", () => {
      expect(buildConfig(project, "dev", {})).to.deep.equal({
        "aws:region": "us-east-1",
        "shop:stageName": "v1",
        "shop:retries": "3",
        "shop:queries": "[]",
        "shop:verbose": "false",
      });
    });

    it("GIVEN a stack file THEN its values replace the defaults, keys as written", () => {
      const stack = parseStackFile("config:\n  aws:region: eu-west-1\n  shop:queries: [a, b]\n  shop:retries: 5\n");
      const config = buildConfig(project, "dev", stack);
      expect(config["aws:region"]).to.equal("eu-west-1");
      expect(config["shop:queries"]).to.equal('["a","b"]');
      expect(config["shop:retries"]).to.equal("5");
    });

    it("GIVEN overrides THEN they win over the stack file, and undefined removes a key", () => {
      const stack = { "shop:stageName": "beta", "aws:profile": "ops" };
      const config = buildConfig(project, "dev", stack, { "shop:stageName": "gamma", "aws:profile": undefined });
      expect(config["shop:stageName"]).to.equal("gamma");
      expect(config).not.to.have.property("aws:profile");
    });

    it('a "secure:" value fails naming the key, unless an override replaces it', () => {
      const stack = { "shop:stageName": { secure: "v1:abc" } };
      expect(rejection(stack)).to.contain('"shop:stageName" is a secret ("secure:") in Pulumi.dev.yaml');
      expect(buildConfig(project, "dev", stack, { "shop:stageName": "plain" })["shop:stageName"]).to.equal("plain");
    });

    it("a value of the wrong declared type fails with key, type and value", () => {
      expect(rejection({ "shop:retries": "three" })).to.contain('"shop:retries" must be of type integer, got "three"');
      expect(rejection({}, { "shop:queries": "a,b" })).to.contain('"shop:queries" must be of type array, got "a,b"');
    });

    it("a declared key without default or value fails as required", () => {
      const strict = parseProjectFile("name: p\nconfig:\n  token:\n    type: string\n");
      expect(() => buildConfig(strict, "ci", {})).to.throw('"p:token" is required: no default in Pulumi.yaml and no value in Pulumi.ci.yaml');
    });

    it("several problems are reported in one error", () => {
      const message = rejection({ "shop:retries": "x", "shop:verbose": "maybe" });
      expect(message.split("\n")).to.have.length(3);
    });
  });

  it('fullKey turns "ns:config:key" and bare keys into "ns:key"', () => {
    expect(fullKey("shop", "aws:config:region")).to.equal("aws:region");
    expect(fullKey("shop", "stageName")).to.equal("shop:stageName");
    expect(fullKey("shop", "shop:stageName")).to.equal("shop:stageName");
  });

  it("loadProject fails naming the missing stack file", async () => {
    const err = await loadProject("tests/fixtures/engine/000.empty", "nope").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).to.match(/no stack named "nope": .*Pulumi\.nope\.yaml does not exist/);
  });

  it("loadProject names the file whose YAML does not parse", async () => {
    const dir = await mkdtemp(join(tmpdir(), "project-"));
    try {
      await writeFile(join(dir, "Pulumi.yaml"), "name: shop\n");
      await writeFile(join(dir, "Pulumi.dev.yaml"), "config:\n  shop:a: 1\n   shop:b: 2\n");
      const err = await loadProject(dir, "dev").then(() => undefined, (e: unknown) => e as Error);
      expect(err?.message).to.match(/^Pulumi\.dev\.yaml: bad indentation of a mapping entry \(3:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
