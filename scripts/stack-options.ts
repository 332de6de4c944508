/**
 * The pure half of `npm run stack`: parses and checks the command line and builds what the Automation
 * API is called with. Nothing here touches the CLI, the file system or the process.
 */
import { delimiter, join } from "node:path";
import { parseArgs } from "node:util";
import type { UpOptions } from "@pulumi/pulumi/automation/index.js";

/** Exit codes of `npm run stack`, for scripts that call it. */
export const EXIT = {
  /** The operation succeeded. */
  ok: 0,
  /** The operation ran and failed (resource error, policy violation, invalid stack config…). */
  failed: 1,
  /** Bad command line, unknown stack, or `up`/`destroy` refused without `--yes` when nobody can be asked. */
  usage: 2,
  /** No `pulumi` executable on PATH. */
  cliMissing: 3,
  /** Another update holds the stack's lock. */
  locked: 4,
  /** Ctrl-C (SIGINT), or the confirmation prompt was declined. */
  cancelled: 130,
} as const;

/** What `npm run stack` can do to a stack. */
export const OPERATIONS = ["preview", "up", "refresh", "destroy", "outputs"] as const;
/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** Operations that change cloud resources, and so need `--yes` or a confirmation. */
const DESTRUCTIVE: ReadonlySet<Operation> = new Set(["up", "destroy"]);

/** What the user asked for. */
export interface StackCommand {
  operation: Operation;
  /** As given: `dev`, or `org/project/dev` for a fully qualified name. */
  stackName: string;
  yes: boolean;
  /** Policy pack directories to run during `preview`/`up`. */
  policyPacks: string[];
}

/** The command line, understood: something to run, a request for help, or what is wrong with it. */
export type ParsedArgs =
  | { kind: "run"; command: StackCommand }
  | { kind: "help" }
  | { kind: "error"; message: string };

/** The help text. */
export const USAGE = `usage: npm run stack -- <${OPERATIONS.join("|")}> --stack NAME [--yes] [--policy-pack DIR]...

  --stack, -s NAME     stack to operate on; its config is Pulumi.<NAME>.yaml
  --yes, -y            run up/destroy without asking (required when not on a terminal)
  --policy-pack DIR    run a policy pack during preview/up (e.g. --policy-pack policy)

exit codes: 0 ok, 1 operation failed, 2 usage error, 3 pulumi CLI missing, 4 stack locked, 130 cancelled`;

const STACK_NAME = /^(?:[A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;

/** Parses `argv` (without node and script). */
export function parseStackArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        stack: { type: "string", short: "s" },
        yes: { type: "boolean", short: "y", default: false },
        "policy-pack": { type: "string", multiple: true, default: [] },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    return { kind: "error", message: err instanceof Error ? err.message : String(err) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  const problem = commandProblem(positionals, values.stack, values["policy-pack"]);
  if (problem !== undefined) return { kind: "error", message: problem };
  const command: StackCommand = {
    operation: positionals[0] as Operation,
    stackName: values.stack as string,
    yes: values.yes,
    policyPacks: values["policy-pack"],
  };
  return { kind: "run", command };
}

function commandProblem(positionals: string[], stack: string | undefined, policyPacks: string[]): string | undefined {
  if (positionals.length !== 1 || !(OPERATIONS as readonly string[]).includes(positionals[0])) {
    return `expected one operation of ${OPERATIONS.join(", ")}; got ${positionals.length === 0 ? "none" : positionals.join(" ")}`;
  }
  if (stack === undefined) return "expected --stack NAME; got none";
  if (!STACK_NAME.test(stack)) return `expected --stack to be a stack name like dev or org/project/dev; got "${stack}"`;
  if (policyPacks.length > 0 && positionals[0] !== "preview" && positionals[0] !== "up") {
    return `--policy-pack applies to preview and up only; got it with ${positionals[0]}`;
  }
  return undefined;
}

/** The stack's config file name: `Pulumi.<last segment of the name>.yaml`. */
export function stackFileName(stackName: string): string {
  return `Pulumi.${stackName.split("/").pop()}.yaml`;
}

/**
 * Per-stack config lives in `Pulumi.<stack>.yaml` only, so a stack without one is a typo, not a new
 * environment with defaults. `existing` lists the project directory's `Pulumi.*.yaml` files.
 */
export function stackFileProblem(stackName: string, existing: readonly string[]): string | undefined {
  const file = stackFileName(stackName);
  if (existing.includes(file)) return undefined;
  const known = existing.map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s) => s !== undefined);
  return `expected a config file ${file} for stack "${stackName}"; got stacks ${known.join(", ") || "none"}`;
}

/** Whether to run, ask, or refuse, for an operation that changes resources. */
export function confirmation(command: StackCommand, interactive: boolean): "proceed" | "ask" | "refuse" {
  if (!DESTRUCTIVE.has(command.operation) || command.yes) return "proceed";
  return interactive ? "ask" : "refuse";
}

/**
 * `preview` and `up` may create the stack (its config file exists); `refresh`, `destroy` and `outputs`
 * only act on a stack that exists, so a typo never creates an empty one.
 */
export function stackSelection(operation: Operation): "createOrSelect" | "select" {
  return operation === "preview" || operation === "up" ? "createOrSelect" : "select";
}

/** The callbacks and switches every operation takes. */
export type OperationOptions = Pick<UpOptions, "onOutput" | "onError" | "onEvent" | "signal" | "color" | "policyPacks">;

/** Options for `stack.preview/up/refresh/destroy`. */
export function operationOptions(
  command: StackCommand,
  hooks: Required<Pick<UpOptions, "onOutput" | "onError" | "onEvent" | "signal">>,
  colorTerminal: boolean,
): OperationOptions {
  return {
    ...hooks,
    color: colorTerminal ? "always" : "never",
    ...(command.policyPacks.length > 0 ? { policyPacks: command.policyPacks } : {}),
  };
}

/** The first `name` executable along `pathEnv`, or `undefined`. */
export function findExecutable(
  name: string,
  pathEnv: string | undefined,
  isExecutable: (file: string) => boolean,
): string | undefined {
  const dirs = (pathEnv ?? "").split(delimiter).filter((d) => d !== "");
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}
