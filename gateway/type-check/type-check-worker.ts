/**
 * The worker thread behind {@link ProgramTypeCheck}: one TypeScript builder program over the project's own
 * files, kept between checks. A check re-reads only files whose size or modification time changed and
 * re-checks only what they affect, so after the first (seconds: the Pulumi packages' declarations) a
 * check takes a fraction of a second.
 */
import { statSync } from "node:fs";
import { setPriority } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type TS from "typescript";
import type { TypeCheckRequest, TypeCheckSetup, TypeProblem } from "./protocol.ts";

// The checker yields the CPU to serving and to the program's runs. On Linux a thread has a nice value of
// its own (setpriority with pid 0 is the calling thread); elsewhere it would be the whole process.
if (process.platform === "linux") setPriority(10);

const { projectDir, exclude, typescript } = workerData as TypeCheckSetup;
// The project's own TypeScript where it has one.
const ts = (await import(pathToFileURL(typescript).href) as { default: typeof TS }).default;
const cache = new Map<string, { version: string; file: TS.SourceFile | undefined }>();
let builder: TS.SemanticDiagnosticsBuilderProgram | undefined;

parentPort?.on("message", ({ id }: TypeCheckRequest) => {
  try {
    parentPort?.postMessage({ id, problems: check() });
  } catch (err) {
    parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});

/** Type errors in the program's files as they are now. */
function check(): TypeProblem[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(projectDir, "tsconfig.json"), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => { throw new Error(message(diagnostic)); },
  });
  if (config === undefined) return [];
  const roots = config.fileNames.filter(isProgramFile);
  builder = ts.createSemanticDiagnosticsBuilderProgram(roots, config.options, hostFor(config.options), builder);
  const diagnostics = [...config.errors, ...builder.getSyntacticDiagnostics(), ...builder.getSemanticDiagnostics()];
  return diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error && (d.file === undefined || isProgramFile(d.file.fileName))).map(problemOf);
}

/** A file of the program: in the project, outside node_modules and the folders that are not the program. */
function isProgramFile(file: string): boolean {
  const relative = path.relative(projectDir, file);
  const parts = relative.split(path.sep);
  return !relative.startsWith("..") && !parts.includes("node_modules") && !exclude.includes(parts[0]);
}

/** A compiler host that hands back the same source file while the file is unchanged, so the builder can reuse its work. */
function hostFor(options: TS.CompilerOptions): TS.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const version = versionOf(fileName);
    const cached = cache.get(fileName);
    if (cached !== undefined && cached.version === version) return cached.file;
    const file = read(fileName, languageVersion, onError, shouldCreate);
    if (file !== undefined) (file as TS.SourceFile & { version: string }).version = version;
    cache.set(fileName, { version, file });
    return file;
  };
  return host;
}

function versionOf(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return "missing";
  }
}

function problemOf(diagnostic: TS.Diagnostic): TypeProblem {
  const file = diagnostic.file;
  if (file === undefined || diagnostic.start === undefined) return { where: "tsconfig.json", code: diagnostic.code, message: message(diagnostic) };
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
  const relative = path.relative(projectDir, file.fileName).split(path.sep).join("/");
  return { where: `${relative}:${line + 1}:${character + 1}`, file: relative, code: diagnostic.code, message: message(diagnostic) };
}

function message(diagnostic: TS.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
}
