/**
 * `npm run stack -- <preview|up|refresh|destroy|outputs> --stack NAME [--yes]`: runs a Pulumi operation
 * on this project through the Automation API, streaming the engine's output, with a progress line, a
 * summary of changes, and the exit codes in `EXIT`. The stack's config is its `Pulumi.<stack>.yaml`.
 */
import { readdir } from "node:fs/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { LocalWorkspace, type EngineEvent, type Stack } from "@pulumi/pulumi/automation/index.js";
import { Interrupts } from "./interrupts.ts";
import { ProgressTracker, StatusLine } from "./progress.ts";
import { errorLine, exitCodeFor, formatChanges, formatOutputs, stackErrorLine } from "./report.ts";
import { isExecutableFile } from "./executable-file.ts";
import {
  confirmation, EXIT, findExecutable, operationOptions, parseStackArgs, stackFileProblem, stackSelection, USAGE,
  type Operation, type OperationOptions, type StackCommand,
} from "./stack-options.ts";

type EngineOperation = Exclude<Operation, "outputs">;

const projectDir = fileURLToPath(new URL("../", import.meta.url));

async function confirm(command: StackCommand): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const question = `${command.operation} changes cloud resources of stack "${command.stackName}". Continue? [y/N] `;
  const answer = await new Promise<string>((resolve) => {
    rl.on("SIGINT", () => resolve(""));
    rl.question(question, resolve);
  });
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** Checks that need neither the backend nor the engine; returns an exit code to stop with, if any. */
async function preflight(command: StackCommand): Promise<number | undefined> {
  const stackFiles = (await readdir(projectDir)).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
  const fileProblem = stackFileProblem(command.stackName, stackFiles);
  if (fileProblem !== undefined) {
    process.stderr.write(`error: ${fileProblem}\n`);
    return EXIT.usage;
  }
  if (findExecutable("pulumi", process.env.PATH, isExecutableFile) === undefined) {
    process.stderr.write("error: the pulumi CLI is not on PATH; install it (https://www.pulumi.com/docs/iac/download-install/) and retry\n");
    return EXIT.cliMissing;
  }
  const decision = confirmation(command, Boolean(process.stdin.isTTY && process.stderr.isTTY));
  if (decision === "refuse") {
    process.stderr.write(`error: ${command.operation} changes cloud resources; pass --yes to run it without a terminal\n`);
    return EXIT.usage;
  }
  if (decision === "ask" && !(await confirm(command))) {
    process.stderr.write(`${command.operation} not run\n`);
    return EXIT.cancelled;
  }
  return undefined;
}

/** Runs an engine operation; resolves with its summary. */
async function runOperation(stack: Stack, operation: EngineOperation, options: OperationOptions): Promise<string> {
  switch (operation) {
    case "preview":
      return formatChanges("preview", (await stack.preview(options)).changeSummary);
    case "up": {
      const result = await stack.up(options);
      return `${formatChanges("up", result.summary.resourceChanges)}\noutputs: ${formatOutputs(result.outputs)}`;
    }
    case "refresh":
      return formatChanges("refresh", (await stack.refresh(options)).summary.resourceChanges);
    case "destroy":
      return formatChanges("destroy", (await stack.destroy(options)).summary.resourceChanges);
  }
}

/** Engine output on stdout and stderr, the progress line on stderr, kept apart on a terminal. */
function outputHooks(status: StatusLine, signal: AbortSignal): Parameters<typeof operationOptions>[1] {
  const progress = new ProgressTracker();
  let atLineStart = true;
  const write = (stream: NodeJS.WriteStream) => (text: string) => {
    status.clear();
    stream.write(text);
    atLineStart = text.endsWith("\n");
    if (atLineStart) status.update(progress.line());
  };
  const onEvent = (event: EngineEvent) => {
    progress.handle(event);
    if (atLineStart) status.update(progress.line());
  };
  return { onOutput: write(process.stdout), onError: write(process.stderr), onEvent, signal };
}

/**
 * The first Ctrl-C asks the engine to stop (the SDK passes SIGINT on to the CLI, which finishes the
 * operations in flight and saves state); a later one stops waiting.
 */
function handleInterrupts(stack: Stack, controller: AbortController): () => void {
  const interrupts = new Interrupts();
  const onSigint = () => {
    const press = interrupts.press(Date.now());
    if (press === "first") {
      process.stderr.write("\nCancelling: the engine finishes the resource operations in flight and saves state. Ctrl-C again to stop waiting.\n");
      controller.abort();
    } else if (press === "again") {
      // Release the stack's lock now and leave; `pulumi refresh` reconciles what was in flight.
      void stack.cancel().catch(() => undefined).finally(() => process.exit(EXIT.cancelled));
    }
  };
  process.on("SIGINT", onSigint);
  return () => process.off("SIGINT", onSigint);
}

async function runEngineOperation(stack: Stack, command: StackCommand, operation: EngineOperation): Promise<number> {
  const controller = new AbortController();
  const stopHandling = handleInterrupts(stack, controller);
  const status = new StatusLine(process.stderr);
  const options = operationOptions(command, outputHooks(status, controller.signal), Boolean(process.stdout.isTTY));
  try {
    const summary = await runOperation(stack, operation, options);
    status.clear();
    process.stdout.write(`${summary}\n`);
    return EXIT.ok;
  } catch (err) {
    status.clear();
    if (controller.signal.aborted) {
      // The engine has stopped; clear any update lock it left (with none left this is a no-op).
      await stack.cancel().catch(() => undefined);
      process.stderr.write(`${operation} cancelled on stack "${command.stackName}"\n`);
    } else {
      process.stderr.write(`${errorLine(operation, command.stackName, err)}\n`);
    }
    return exitCodeFor(err, controller.signal.aborted);
  } finally {
    stopHandling();
  }
}

async function run(command: StackCommand): Promise<number> {
  const args = { stackName: command.stackName, workDir: projectDir };
  try {
    const stack = stackSelection(command.operation) === "createOrSelect"
      ? await LocalWorkspace.createOrSelectStack(args)
      : await LocalWorkspace.selectStack(args);
    if (command.operation !== "outputs") return await runEngineOperation(stack, command, command.operation);
    process.stdout.write(`${formatOutputs(await stack.outputs())}\n`);
    return EXIT.ok;
  } catch (err) {
    // Selecting the stack or reading outputs streams nothing, so the message quotes the CLI.
    process.stderr.write(`${stackErrorLine(command.stackName, err)}\n`);
    return exitCodeFor(err, false);
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseStackArgs(argv);
  if (parsed.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`error: ${parsed.message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  return (await preflight(parsed.command)) ?? run(parsed.command);
}

process.exitCode = await main(process.argv.slice(2));
