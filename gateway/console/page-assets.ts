/**
 * The console page's files: its HTML and CSS as written, its script bundled from the TypeScript in
 * page/ by esbuild, once per process, when the first console starts.
 */
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const PAGE_DIR = fileURLToPath(new URL("./page/", import.meta.url));

export interface PageAssets {
  readonly html: string;
  readonly css: string;
  readonly script: string;
}

let assets: Promise<PageAssets> | undefined;

export function pageAssets(): Promise<PageAssets> {
  assets ??= load();
  return assets;
}

async function load(): Promise<PageAssets> {
  const [html, css, bundle] = await Promise.all([
    readFile(path.join(PAGE_DIR, "index.html"), "utf8"),
    readFile(path.join(PAGE_DIR, "console.css"), "utf8"),
    build({
      entryPoints: [path.join(PAGE_DIR, "main.ts")],
      bundle: true, write: false, format: "iife", target: "es2022", minify: true, legalComments: "none", logLevel: "silent",
    }),
  ]);
  return { html, css, script: bundle.outputFiles[0].text };
}
