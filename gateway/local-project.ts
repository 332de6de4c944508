/**
 * This project as the local gateway sees it: where it is, which of its folders are not the program, and
 * how the HTTP route is pointed at an echo backend.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { ProjectFile } from "../engine/project-config.ts";

/** This project's directory. */
export const PROJECT_DIR = path.resolve(fileURLToPath(new URL("..", import.meta.url)));

/**
 * Top-level folders that hold tooling around the program (tests, this gateway, the engine, scripts, the
 * policy pack, examples, CI), not the program; everything else in the project is the API's source.
 */
export const NOT_PROGRAM: readonly string[] = [".ci", "bench", "engine", "examples", "gateway", "policy", "scripts", "tests"];

/** The project config key holding the HTTP route's echo endpoint. */
const ECHO_ENDPOINT_KEY = "echoEndpoint";

/**
 * How the echo endpoint is chosen: `"embedded"` (a loopback echo the gateway starts), `"stack"` (the stack's
 * configured endpoint) or a URL.
 */
export type EchoMode = "embedded" | "stack" | (string & {});

/** Whether a program takes an echo endpoint: its `Pulumi.yaml` declares the `echoEndpoint` key, as this project's does. */
export function takesEchoEndpoint(project: ProjectFile): boolean {
  return `${project.name}:${ECHO_ENDPOINT_KEY}` in project.config;
}

/** The config override that points the HTTP route at `endpoint`; none for the stack's own. */
export function echoOverride(projectName: string, endpoint: string | undefined): Record<string, string> {
  return endpoint === undefined ? {} : { [`${projectName}:${ECHO_ENDPOINT_KEY}`]: endpoint };
}

/** The port of an embedded echo named in a config (its endpoint is `http://127.0.0.1:<port>/anything`). */
export function embeddedEchoPort(projectName: string, config: Readonly<Record<string, string>> | undefined, host: string): number | undefined {
  const endpoint = config?.[`${projectName}:${ECHO_ENDPOINT_KEY}`];
  const match = endpoint === undefined ? null : /^http:\/\/([^/:]+):(\d+)\/anything$/.exec(endpoint);
  return match !== null && match[1] === host ? Number(match[2]) : undefined;
}
