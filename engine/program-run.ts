/**
 * What one program run registered. Kept apart from the engine that produces it, so that reading a run
 * (the local gateway does) loads no gRPC or Pulumi SDK code.
 */
import type { Diagnostic } from "./engine-service.ts";
import type { RegisteredResource } from "./resource-monitor.ts";
import type { PropertyMap } from "./wire-values.ts";

/** Everything one run registered, in registration order. */
export class ProgramRun {
  constructor(
    /** Absolute project directory; relative archive paths (e.g. `FileArchive("./dist")`) are relative to it. */
    readonly projectDir: string,
    readonly project: string,
    readonly stack: string,
    readonly resources: readonly RegisteredResource[],
    readonly diagnostics: readonly Diagnostic[],
    /** What the program wrote to stdout (e.g. `console.log`). */
    readonly stdout: string,
    readonly stderr: string,
  ) {}

  /** The `pulumi:pulumi:Stack` resource. */
  get stackResource(): RegisteredResource {
    return this.get("pulumi:pulumi:Stack", `${this.project}-${this.stack}`);
  }

  /** Stack outputs (the program's exports). */
  get exports(): PropertyMap {
    return this.stackResource.outputs;
  }

  /** Resources of one type token, e.g. `aws:apigateway/integration:Integration`. */
  ofType(type: string): RegisteredResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /**
   * The one resource of this type and logical name.
   * @throws when there is not exactly one, saying how many there were.
   */
  get(type: string, name: string): RegisteredResource {
    const found = this.ofType(type).filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected exactly 1 ${type} named "${name}"; got ${found.length}`);
    return found[0];
  }

  /** Children of a resource (by parent URN). */
  childrenOf(urn: string): RegisteredResource[] {
    return this.resources.filter((r) => r.parent === urn);
  }
}
