import { expect } from "chai";
import { ProgramFailedError } from "../../engine/program-failure.ts";
import { describeFailure } from "../../gateway/failure-summary.ts";

const projectDir = "/srv/shop";

function failure(diagnostic: string): ProgramFailedError {
  return new ProgramFailedError({
    project: "shop", stack: "dev", resources: [],
    exit: { code: 32, signal: null, stdout: "", stderr: "" },
    diagnostics: [{ severity: "error", message: diagnostic }],
  });
}

describe("gateway/failure-summary", () => {
  it("adds the project file and line an error was thrown at, skipping frames in packages", () => {
    const summary = describeFailure(failure([
      "Running program '/srv/shop/index.ts' failed with an unhandled exception:",
      "TypeError: Cannot read properties of undefined (reading 'field')",
      "    at next (/srv/shop/node_modules/@pulumi/pulumi/output.js:10:5)",
      "    at new RestApi (file:///srv/shop/components/rest-api.ts:73:60)",
      "    at file:///srv/shop/index.ts:10:17",
    ].join("\n")), projectDir);
    expect(summary).to.equal("TypeError: Cannot read properties of undefined (reading 'field')\n  at components/rest-api.ts:73:60");
  });

  it("leaves a syntax error as it is (it names the file and line), with the project's paths made relative", () => {
    const summary = describeFailure(failure([
      "Running program '/srv/shop/index.ts' failed with an unhandled exception:",
      "Error: Transform failed with 1 error:",
      "/srv/shop/components/rest-api.ts:72:54: ERROR: Unexpected \";\"",
      "    at failureErrorWithLog (/srv/shop/node_modules/esbuild/lib/main.js:1752:15)",
    ].join("\n")), projectDir);
    expect(summary).to.equal("Error: Transform failed with 1 error:\ncomponents/rest-api.ts:72:54: ERROR: Unexpected \";\"");
  });

  it("passes any other error's message, which names the config key at fault", () => {
    const error = new Error('stack "dev" config is invalid:\n- "shop:greeting" must be of type string, got [1]');
    expect(describeFailure(error, projectDir)).to.equal(error.message);
  });
});
