/**
 * `npm run render -- --template FILE [--request FILE]`: renders a mapping template against a method
 * request described in JSON (see render-request.ts) and prints only the rendered text. Failures print
 * one line on stderr and exit with code 1.
 * @example npm run render -- --template templates/passthrough.vtl --request examples/requests/seed-request.json
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseRenderRequest, renderVariables } from "../render-request.ts";
import { compileTemplate, type CompiledTemplate } from "../vtl/compile.ts";

const USAGE = "usage: npm run render -- --template FILE [--request FILE]";

/** A problem to report as one line on stderr. */
class CliError extends Error {}

function main(argv: readonly string[]): void {
  const { values } = parseArgs({ args: [...argv], options: { template: { type: "string" }, request: { type: "string" } }, strict: true });
  if (values.template === undefined) throw new CliError(`missing --template; ${USAGE}`);
  const template = compileTemplateFile(values.template);
  const request = values.request === undefined ? {} : parseRenderRequest(readText(values.request, "--request"), `--request "${values.request}"`);
  process.stdout.write(template.render(renderVariables(request)).text);
}

function compileTemplateFile(file: string): CompiledTemplate {
  const source = readText(file, "--template");
  try {
    return compileTemplate(source);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
}

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : message;
    throw new CliError(`cannot read ${option} "${file}": ${reason}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`render: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exitCode = 1;
}
