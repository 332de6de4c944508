/**
 * `npm run render -- (--template FILE | --route 'METHOD /resource/path' [--project DIR] [--stack NAME] [--api NAME])
 * [--request FILE]`: renders a mapping template against a method request described in JSON (see
 * render-request.ts) and prints only the rendered text. `--route` renders the request template a program
 * declares for that method (the one the request's Content-Type selects), with its stage's variables.
 * Failures print one line on stderr and exit with code 1.
 * @example npm run render -- --template templates/passthrough.vtl --request examples/requests/seed-request.json
 * @example npm run render -- --route 'ANY /lambda/{proxy+}' --request examples/requests/seed-request.json
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runProgram } from "../../engine/offline-engine.ts";
import { loadProject } from "../../engine/project-config.ts";
import { PROJECT_DIR } from "../local-project.ts";
import { readDeclaredApi } from "../declared-api.ts";
import { headerValue, selectRequestTransform } from "../request-mapping.ts";
import { parseRenderRequest, renderVariables, type RenderRequest } from "../render-request.ts";
import { compileTemplate, type CompiledTemplate } from "../vtl/compile.ts";

const USAGE = "usage: npm run render -- (--template FILE | --route 'METHOD /path' [--project DIR] [--stack NAME] [--api NAME]) [--request FILE]";

/** A problem to report as one line on stderr. */
class CliError extends Error {}

async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      template: { type: "string" }, request: { type: "string" }, route: { type: "string" },
      project: { type: "string", default: PROJECT_DIR }, stack: { type: "string", default: "dev" }, api: { type: "string" },
    },
    strict: true,
  });
  if ((values.template === undefined) === (values.route === undefined)) throw new CliError(`give either --template or --route; ${USAGE}`);
  let request = values.request === undefined ? {} : parseRenderRequest(readText(values.request, "--request"), `--request "${values.request}"`);
  let template: CompiledTemplate;
  if (values.template !== undefined) {
    template = compileTemplateFile(values.template);
  } else {
    const declared = await declaredTemplate(values.route ?? "", values.project, values.stack, values.api, request);
    template = declared.template;
    request = { ...request, stageVariables: { ...declared.stageVariables, ...(request.stageVariables as object | undefined) } } as RenderRequest;
  }
  process.stdout.write(template.render(renderVariables(request)).text);
}

/** The request template the program declares for the route, chosen by the request's Content-Type. */
async function declaredTemplate(route: string, projectDir: string, stack: string, api: string | undefined, request: RenderRequest) {
  const [httpMethod, resourcePath] = route.trim().split(/\s+/, 2);
  if (!httpMethod || !resourcePath) throw new CliError(`--route must be "METHOD /resource/path", got "${route}"`);
  const { config } = await loadProject(projectDir, stack);
  const model = readDeclaredApi(await runProgram({ projectDir, stack }), config["aws:region"] ?? "us-east-1", api);
  const method = model.resources.find((r) => r.path === resourcePath)?.methods.get(httpMethod.toUpperCase());
  const routes = model.resources.flatMap((r) => [...r.methods.keys()].map((m) => `${m} ${r.path}`)).join(", ");
  if (method?.integration === undefined) throw new CliError(`the API declares no integration for ${httpMethod} ${resourcePath}; it declares ${routes}`);
  const headers = (request.headers ?? {}) as Record<string, string[]>;
  const transform = selectRequestTransform(method.integration, headerValue(headers, "Content-Type"));
  if (!("template" in transform)) throw new CliError(`${httpMethod} ${resourcePath} passes this request's body through: it has no template for its Content-Type`);
  return { template: transform.template, stageVariables: model.stageVariables };
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

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`render: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exitCode = 1;
});
