/**
 * A Node.js Lambda function built from one TypeScript handler file: esbuild bundles it into a
 * directory at program start, and the function's code is that directory. Its role may only write
 * to the function's own log group, which has a retention.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";

/** The bundle's file name; the function's handler is `<name without .mjs>.<export>`. */
export const BUNDLE_FILE = "index.mjs";

/**
 * Lambda's Node.js 24 runtime: supported until 2028-04-30 (22 ends 2027-04-30). It runs only async
 * handlers, which is what `handlers/` holds.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export const NODEJS_RUNTIME = aws.lambda.Runtime.NodeJS24dX;

/** esbuild's target for the runtime's Node.js major (`nodejs24.x` → `node24`): no syntax is lowered that it runs. */
export const BUNDLE_TARGET = `node${/^nodejs(\d+)\.x$/.exec(NODEJS_RUNTIME)?.[1]}`;

export interface NodejsFunctionArgs {
  /** Absolute path of the TypeScript file that exports the handler. */
  entry: string;
  /**
   * Name of the exported handler function.
   * @default "handler"
   */
  handlerExport?: string;
  /**
   * Directory the bundle is written to; the function's code archive is this directory.
   * @default - `.build/lambda/<name>` under the working directory.
   */
  outDir?: string;
  /** Timeout in seconds. */
  timeoutSeconds: number;
  /** Memory in MB. */
  memoryMb: number;
  /** Retention of the function's log group in days. */
  logRetentionDays: number;
  /**
   * Environment variables of the function.
   * @default - none
   */
  environment?: Record<string, string>;
  /**
   * Description shown in the Lambda console.
   * @default - none
   */
  description?: string;
}

/**
 * @example
 * const fn = new NodejsFunction("echo", {
 *   entry: fileURLToPath(new URL("./handlers/echo.ts", import.meta.url)),
 *   timeoutSeconds: 10, memoryMb: 128, logRetentionDays: 14,
 * });
 */
export class NodejsFunction extends pulumi.ComponentResource {
  public readonly function: aws.lambda.Function;
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  /** Directory holding the bundle the function runs. */
  public readonly bundleDir: string;

  constructor(name: string, args: NodejsFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("passthrough:lambda:NodejsFunction", name, {}, opts);
    this.bundleDir = args.outDir ?? path.resolve(".build", "lambda", name);
    bundle(args.entry, this.bundleDir);

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
      namePrefix: `/aws/lambda/${name}-`,
      retentionInDays: args.logRetentionDays,
    }, { parent: this });
    const role = new aws.iam.Role(`${name}-role`, {
      assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
      description: `Execution role of the ${name} Lambda function: writes its own logs, nothing else.`,
    }, { parent: this });
    // Narrower than AWSLambdaBasicExecutionRole, which may create and write any log group.
    const logPolicy = new aws.iam.RolePolicy(`${name}-logs`, {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: pulumi.interpolate`${logGroup.arn}:*`,
        }],
      }),
    }, { parent: this });

    this.function = new aws.lambda.Function(name, {
      runtime: NODEJS_RUNTIME,
      handler: `${path.basename(BUNDLE_FILE, ".mjs")}.${args.handlerExport ?? "handler"}`,
      // A directory archive is hashed by content, so an unchanged bundle never updates the function.
      code: new pulumi.asset.FileArchive(this.bundleDir),
      role: role.arn,
      timeout: args.timeoutSeconds,
      memorySize: args.memoryMb,
      description: args.description,
      environment: args.environment ? { variables: args.environment } : undefined,
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
    }, { parent: this, dependsOn: [logPolicy] });

    this.functionName = this.function.name;
    this.functionArn = this.function.arn;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      functionName: this.functionName,
      functionArn: this.functionArn,
      logGroupName: this.logGroupName,
    });
  }
}

/** Bundles the handler with its imports into `<outDir>/index.mjs`; same input, same bytes. */
function bundle(entry: string, outDir: string): void {
  buildSync({
    entryPoints: [entry],
    outfile: path.join(outDir, BUNDLE_FILE),
    bundle: true,
    platform: "node",
    format: "esm",
    target: BUNDLE_TARGET,
    // Paths in the bundle's comments are relative to this, so they do not depend on the caller's cwd.
    absWorkingDir: path.dirname(entry),
    legalComments: "none",
    logLevel: "warning",
  });
}
