/**
 * `npm run test-invoke -- [--project DIR] [--stack NAME] [--api NAME] [--echo-endpoint URL|stack] METHOD PATH [-H 'Name: value']... [-d BODY]`:
 * the API Gateway console's Test for the local API. Without starting a server, it runs one request
 * through the gateway and prints the console's summary and execution log (see test-invoke-report.ts).
 *
 * METHOD is upper-cased. PATH is the resource path with its query, e.g.
 * `/lambda/path1/path2?query1=querystring1`; the stage is added unless PATH already starts with it.
 * As in the console's Test, the source IP is `test-invoke-source-ip`. Function logs go to stderr.
 * Exit codes: 0 once the method response is produced, whatever its status; 2 for bad arguments; 1 when
 * the API cannot be loaded.
 *
 * To diff with AWS, take the log after the "Log:" line and the `log` of
 * `aws apigateway test-invoke-method … --query log --output text`, and drop the time stamps from both:
 * `sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [0-9]{2} [0-9:]{8} UTC [0-9]{4} : //'`.
 * @example npm run test-invoke -- POST '/lambda/path1/path2?query1=querystring1' -H 'Content-Type: application/json' -d '{"keybody":"valuebody"}'
 */
import { parseArgs } from "node:util";
import { captureLambdaLogs } from "../backends/lambda-logs.ts";
import { loadLocalApi } from "../local-api.ts";
import { formatTestInvokeReport, resolveTestPath } from "../test-invoke-report.ts";
import type { GatewayRequest } from "../types.ts";

const USAGE = "usage: npm run test-invoke -- [--project DIR] [--stack NAME] [--api NAME] [--echo-endpoint URL|stack] METHOD PATH [-H 'Name: value']... [-d BODY]";
/** RFC 9110 token: what a method or header name may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** `$context.identity.sourceIp` in the console's Test. */
const TEST_INVOKE_SOURCE_IP = "test-invoke-source-ip";
/** The port a client of the deployed (HTTPS) API connects to, for `X-Forwarded-Port`. */
const CLIENT_PORT = 443;

/** Bad command-line arguments: one line on stderr, exit 2. */
class UsageError extends Error {}

interface TestInvokeArguments {
  readonly projectDir?: string;
  readonly stack: string;
  readonly api?: string;
  readonly echoEndpoint: string;
  readonly method: string;
  readonly path: string;
  readonly rawHeaders: string[];
  readonly body: string;
}

/** @returns undefined for `--help`. */
function parseArguments(argv: readonly string[]): TestInvokeArguments | undefined {
  const { values, positionals } = parseOptions(argv);
  if (values.help) return undefined;
  if (positionals.length !== 2) throw new UsageError(`expected METHOD and PATH, got ${positionals.length} argument(s); ${USAGE}`);
  const [method, path] = positionals;
  if (!TOKEN.test(method)) throw new UsageError(`METHOD must be an HTTP method such as POST, got "${method}"`);
  if (!path.startsWith("/")) throw new UsageError(`PATH must start with "/", got "${path}"`);
  return {
    projectDir: values.project,
    stack: values.stack,
    api: values.api,
    echoEndpoint: values["echo-endpoint"],
    method: method.toUpperCase(),
    path,
    rawHeaders: values.header.flatMap(parseHeader),
    body: values.data ?? "",
  };
}

function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        project: { type: "string" },
        stack: { type: "string", default: "dev" },
        api: { type: "string" },
        "echo-endpoint": { type: "string", default: "embedded" },
        header: { type: "string", short: "H", multiple: true, default: [] },
        data: { type: "string", short: "d" },
        help: { type: "boolean" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; ${USAGE}`);
  }
}

/** `Name: value` (as curl's -H) → `[name, value]`, the value trimmed. */
function parseHeader(header: string): [string, string] {
  const colon = header.indexOf(":");
  const name = header.slice(0, colon);
  if (colon === -1 || !TOKEN.test(name)) throw new UsageError(`-H must be "Name: value", got "${header}"`);
  return [name, header.slice(colon + 1).trim()];
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseArguments(argv);
  if (args === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  captureLambdaLogs((line) => process.stderr.write(line));
  const api = await loadLocalApi({ projectDir: args.projectDir, stack: args.stack, api: args.api, echoEndpoint: args.echoEndpoint });
  try {
    const target = resolveTestPath(args.path, api.model.stageName);
    const startedAt = new Date();
    const record = await api.gateway.handle(gatewayRequestOf(args, target.url));
    process.stdout.write(formatTestInvokeReport({ pathWithQueryString: target.pathWithQueryString, record, startedAt }));
  } finally {
    await api.close();
  }
}

function gatewayRequestOf(args: TestInvokeArguments, url: string): GatewayRequest {
  return {
    method: args.method,
    url,
    rawHeaders: args.rawHeaders,
    body: Buffer.from(args.body, "utf8"),
    sourceIp: TEST_INVOKE_SOURCE_IP,
    localPort: CLIENT_PORT,
    scheme: "https",
  };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`test-invoke: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
