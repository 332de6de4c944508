/**
 * Pulumi unit-test mocks backed by the offline engine's AWS simulation, recording every resource the
 * code under test declares.
 */
import * as pulumi from "@pulumi/pulumi";
import { createAwsMocks } from "../../engine/aws-simulation.ts";

export interface MockResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  id: string;
  state: Record<string, unknown>;
}

export class MockCloud {
  readonly resources: MockResource[] = [];

  /** Installs fresh mocks as the Pulumi runtime's monitor; earlier mocks stop recording. */
  constructor(stack = "dev") {
    const aws = createAwsMocks({ region: "us-east-1" });
    pulumi.runtime.setMocks({
      newResource: async (args) => {
        // The runtime passes id "" for a resource being created; only a read carries a real id.
        const result = await aws.newResource({ ...args, id: args.id || undefined });
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, id: result.id ?? "", state: result.state });
        return result;
      },
      call: aws.call,
    }, "passthrough-api", stack, false);
  }

  /** Waits until registrations stop arriving (they resolve asynchronously after declaration). */
  async settle(): Promise<this> {
    let seen = -1;
    while (seen !== this.resources.length) {
      seen = this.resources.length;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this;
  }

  ofType(type: string): MockResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of this type (and name): throws with what there is otherwise. */
  one(type: string, name?: string): MockResource {
    const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
      throw new Error(`expected exactly one ${type}${name ? ` named "${name}"` : ""}; got ${found.map((r) => r.name).join(", ") || "none"}`);
    }
    return found[0];
  }
}

/** The value of an output, for assertions. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
