/*
 * `node [nodeargs] waiting-run.mjs <run script> [its arguments]`: a program process started before its run is
 * due. It reads one JSON line on stdin, `{"preload": [module paths]}`, and requires those modules (what the
 * previous run loaded of the Pulumi SDK and provider packages: seconds of loading), then writes `ready` and a
 * line feed to file descriptor 3. It waits for a second line and starts the run script as node would have.
 * When the run ends it writes the modules of those packages it loaded, as a JSON array, to file descriptor 3.
 * Without a second line (stdin closed) it exits without running anything.
 */
import { writeSync } from "node:fs";
import * as nodeModule from "node:module";
import process from "node:process";
import { createInterface } from "node:readline";

// Node's on-disk cache of compiled code (os.tmpdir()/node-compile-cache) spares recompiling the packages.
nodeModule.enableCompileCache?.();

// The SDK records a stack trace for each resource. The run script has source-map-support map them (and so
// does the preload, which loads it): a large share of a run, as it maps every frame in JavaScript and parses the
// packages' source maps on the way. Node maps stacks itself (tsx turns source maps on), and only the program's
// files need it: source-map-support is taken out again once the run script has installed it.
const nodePrepareStackTrace = Error.prepareStackTrace;
nodeModule.setSourceMapsSupport?.(true, { nodeModules: false, generatedCode: true });

// Modules of @pulumi packages, but not the SDK's command scripts: loading one runs it.
const PULUMI_PACKAGE = /[/\\]node_modules[/\\]@pulumi[/\\](?!pulumi[/\\]cmd[/\\])/;

const [runScript] = process.argv.splice(2, 1);
const require = nodeModule.createRequire(runScript);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const request = await lines.next();
const preload = request.done ? [] : JSON.parse(request.value).preload.filter((file) => PULUMI_PACKAGE.test(file));
for (const module of preload) {
  try {
    require(module);
  } catch {
    // The program will load it (and report its failure) itself.
  }
}
writeSync(3, "ready\n");
if ((await lines.next()).done) process.exit(0);
process.stdin.destroy();

process.on("exit", () => {
  writeSync(3, JSON.stringify(Object.keys(require.cache).filter((file) => PULUMI_PACKAGE.test(file))));
});

process.argv[1] = runScript;
require(runScript);
Error.prepareStackTrace = nodePrepareStackTrace;
