// Preloaded (`--import`) into a program that has no packages of its own installed: registers a
// resolve hook so that a package the program cannot find from its own directory is looked up in this
// project's node_modules instead, as if the program were inside it.
import { register } from "node:module";
import { URL } from "node:url";

register(new URL("./package-fallback-hooks.mjs", import.meta.url), {
  data: { fallbackParent: new URL("../../package.json", import.meta.url).href },
});
