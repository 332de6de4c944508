// The CLI's policy runner require()s the pack's "main" with ts-node set up for CommonJS TypeScript.
// This pack is ESM TypeScript (like the program), so tsx loads it instead.
/* global require, __filename */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the runner can only require() a CommonJS entry
require("tsx/cjs/api").require("./index.ts", __filename);
