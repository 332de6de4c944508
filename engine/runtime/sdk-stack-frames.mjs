/*
 * Preloaded (`--import`) into every program the offline engine runs.
 *
 * The source maps shipped in @pulumi/pulumi name their sources one directory too high
 * (node_modules/@pulumi/config.ts instead of node_modules/@pulumi/pulumi/config.ts). When a program throws,
 * the run script prints the error with util.inspect({ colors: true }), and Node 20 spins for 30-70 s on such
 * a frame before giving up with "Invalid string length". Leaving frames of the SDK's own files unmapped
 * (their real .js paths) avoids that; every other frame is mapped as before.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import process from "node:process";

// The run script starts in the project directory; use the SDK (and source-map-support) it resolves.
const sdkManifest = createRequire(join(process.cwd(), "index.js")).resolve("@pulumi/pulumi/package.json");
const sourceMapSupport = createRequire(sdkManifest)("source-map-support");
const EMPTY_MAP = { version: 3, sources: [], names: [], mappings: "" };
const SDK_FILE = /[/\\]node_modules[/\\]@pulumi[/\\]pulumi[/\\]/;

sourceMapSupport.install({
  handleUncaughtExceptions: false,
  retrieveSourceMap: (source) => (SDK_FILE.test(source) ? { url: source, map: EMPTY_MAP } : null),
});
