/** The configuration of one of this project's stacks, as the CLI would hand it to the program. */
import { fileURLToPath } from "node:url";
import { parseStackConfig, type StackConfig } from "../../config/stack-config.ts";
import { loadProject } from "../../engine/project-config.ts";

export const projectDir = fileURLToPath(new URL("../../", import.meta.url));

/** Pulumi.yaml defaults overlaid with `Pulumi.<stack>.yaml` and `overrides`, parsed and validated. */
export async function stackConfig(stack: string, overrides: Record<string, unknown> = {}): Promise<StackConfig> {
  const { project, config } = await loadProject(projectDir, stack, overrides);
  const prefix = `${project.name}:`;
  return parseStackConfig((key) => config[prefix + key], project.name);
}
