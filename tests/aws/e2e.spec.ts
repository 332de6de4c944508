/**
 * End to end on AWS: deploys a throw-away stack `e2e-<random>` with the dev stack's config, sends the
 * seed's request to both routes, checks what reached each backend with the seed contract, then updates
 * it with the prod stack's authorizer and checks its answers; it always destroys and removes the stack. Runs with `npm run test:aws`; skips (with the reason) when the pulumi
 * CLI or AWS credentials are missing.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { LocalWorkspace, type OutputMap, type Stack } from "@pulumi/pulumi/automation/index.js";
import { DEMO_CONTEXT } from "../../handlers/authorizer.ts";
import { isExecutableFile } from "../../scripts/executable-file.ts";
import { findExecutable } from "../../scripts/stack-options.ts";
import { assertHttpRouteEcho, assertLambdaRouteEcho, sendSeedRequest, type SeedResponse } from "../contract/seed-contract.ts";
import { missingPrerequisite } from "./prerequisites.ts";

const projectDir = fileURLToPath(new URL("../../", import.meta.url));
const stackName = `e2e-${randomBytes(4).toString("hex")}`;
const stackFile = join(projectDir, `Pulumi.${stackName}.yaml`);

/** Statuses a just-deployed API can answer with for a while (stage and Lambda permission propagation, a busy echo service). */
const TRANSIENT = new Set([403, 429, 500, 502, 503, 504]);
const SETTLE_MS = 120_000;

const write = (text: string) => process.stdout.write(text);

function stringOutput(outputs: OutputMap, name: string): string {
  const value: unknown = outputs[name]?.value;
  if (typeof value !== "string") throw new Error(`stack output ${name}: expected a string; got ${JSON.stringify(value)}`);
  return value;
}

/** The seed's request, repeated while the answer is transient and time remains; the last answer counts. */
async function sendSettled(routeUrl: string, headers: Record<string, string> = {}): Promise<SeedResponse> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const response = await sendSeedRequest(routeUrl, { headers });
    if (!TRANSIENT.has(response.statusCode) || Date.now() > deadline) return response;
    await sleep(5_000);
  }
}

describe(`end to end on AWS (throw-away stack ${stackName})`, function () {
  let stack: Stack | undefined;
  let routes: { lambda: string; http: string };

  before(async function () {
    const reason = missingPrerequisite({
      env: process.env,
      home: homedir(),
      fileExists: existsSync,
      pulumiPath: findExecutable("pulumi", process.env.PATH, isExecutableFile),
    });
    if (reason !== undefined) {
      console.log(`  skipping the AWS end-to-end test: ${reason}`);
      this.skip();
    }
    const workspace = await LocalWorkspace.create({ workDir: projectDir });
    // The dev stack's values, from its file; `pulumi stack init` keeps a config file that already exists.
    const dev = await workspace.stackSettings("dev");
    await workspace.saveStackSettings(stackName, { config: dev.config });
    stack = await LocalWorkspace.createStack({ stackName, workDir: projectDir });
    const { outputs } = await stack.up({ onOutput: write, onError: write });
    routes = { lambda: stringOutput(outputs, "lambdaRouteUrl"), http: stringOutput(outputs, "httpRouteUrl") };
  });

  after(async function () {
    if (stack !== undefined) {
      try {
        await stack.destroy({ onOutput: write, onError: write });
        await stack.workspace.removeStack(stackName);
      } catch (err) {
        throw new Error(`cleaning up ${stackName} failed; finish it with \`pulumi destroy --stack ${stackName} && ` +
          `pulumi stack rm ${stackName}\``, { cause: err });
      }
    }
    await rm(stackFile, { force: true });
  });

  it("delivers the seed's request through the Lambda custom integration to the function", async () => {
    assertLambdaRouteEcho(await sendSettled(routes.lambda));
  });

  it("delivers the mapped parts of the seed's request through the HTTP custom integration to the echo endpoint", async () => {
    assertHttpRouteEcho(await sendSettled(routes.http));
  });

  describe("then updated to the prod stack's REQUEST authorizer in front of both routes", () => {
    before(async function () {
      if (stack === undefined) this.skip();
      await stack.setAllConfig({ authorizer: { value: "request" }, authorizerCacheTtlSeconds: { value: "300" } });
      await stack.up({ onOutput: write, onError: write });
    });

    it("passes the authorizer's stringkey to both backends as authcontext once allowed", async () => {
      assertLambdaRouteEcho(await sendSettled(routes.lambda, { Authorization: "allow" }), DEMO_CONTEXT.stringkey);
      assertHttpRouteEcho(await sendSettled(routes.http, { Authorization: "allow" }), DEMO_CONTEXT.stringkey);
    });

    it("answers no identity with 401, deny with 403 and an unknown word with 500, as the local gateway does", async () => {
      expect(await sendSeedRequest(routes.lambda)).to.deep.equal({ statusCode: 401, body: '{"message":"Unauthorized"}' });
      expect(await sendSeedRequest(routes.lambda, { headers: { Authorization: "deny" } }))
        .to.deep.equal({ statusCode: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' });
      expect(await sendSeedRequest(routes.http, { headers: { Authorization: "nonsense" } })).to.deep.equal({ statusCode: 500, body: '{"message":null}' });
    });
  });
});
