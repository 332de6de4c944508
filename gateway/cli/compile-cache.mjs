/*
 * Loaded first by `npm start` (`node --import`): turns on Node's on-disk cache of compiled code
 * (os.tmpdir()/node-compile-cache), so tsx, esbuild's API and the gateway are not compiled again at every start.
 */
import * as nodeModule from "node:module";

nodeModule.enableCompileCache?.();
