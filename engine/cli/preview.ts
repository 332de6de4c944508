/**
 * `npm run preview -- [--stack dev] [--config <key>=<value>]... [--dry-run] [--cwd <projectDir>]`: runs the
 * program offline and prints the resources it declares with their key inputs, then the stack outputs, like
 * `pulumi preview`. Errors print one line on stderr and exit 1.
 */
import { parseArgs } from "node:util";
import { ProgramFailedError, runProgram } from "../offline-engine.ts";
import { renderPreviewTree } from "../preview-tree.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", short: "s", default: "dev" },
      config: { type: "string", short: "c", multiple: true, default: [] },
      "dry-run": { type: "boolean", default: false },
      cwd: { type: "string", default: process.cwd() },
    },
  });
  const dryRun = values["dry-run"];
  const config = parseConfigFlags(values.config);
  const run = await runProgram({ projectDir: values.cwd, stack: values.stack, config, dryRun });
  const mode = dryRun ? "dry run" : "simulated update";
  process.stdout.write(`Previewing update (${run.stack}), offline ${mode}:\n\n${renderPreviewTree(run.resources)}`);
  for (const d of run.diagnostics.filter((x) => x.severity === "warning" || x.severity === "error")) {
    process.stdout.write(`${d.severity}: ${d.message}\n`);
  }
}

/** `--config <project>:stageName=v2` as `pulumi preview --config` takes it: string values. */
function parseConfigFlags(flags: string[]): Record<string, string> {
  return Object.fromEntries(
    flags.map((flag) => {
      const eq = flag.indexOf("=");
      if (eq <= 0) throw new Error(`--config expects <key>=<value>, got "${flag}"`);
      return [flag.slice(0, eq), flag.slice(eq + 1)];
    }),
  );
}

function oneLine(err: unknown): string {
  const message = err instanceof ProgramFailedError ? err.programMessage : err instanceof Error ? err.message : String(err);
  return message.split("\n").map((line) => line.trim()).filter((line) => line !== "").join(" ");
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${oneLine(err)}\n`);
  process.exitCode = 1;
});
