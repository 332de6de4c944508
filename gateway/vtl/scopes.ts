/**
 * Objects directives put into template variables: `$foreach` and `#define` blocks.
 */
import { VtlObject } from "./java-values.ts";
import { captureOutput } from "./nodes.ts";
import type { Emit, Frame } from "./nodes.ts";

/** `$foreach` inside a loop (Velocity 1.7 ForeachScope): index, count, hasNext, first, last, parent. */
export class ForeachScope extends VtlObject {
  index = 0;

  constructor(readonly parent: ForeachScope | undefined, readonly size: number) {
    super();
  }

  override getProperty(name: string): unknown {
    switch (name) {
      case "index":
        return this.index;
      case "count":
        return this.index + 1;
      case "hasNext":
        return this.index + 1 < this.size;
      case "first":
        return this.index === 0;
      case "last":
        return this.index + 1 === this.size;
      case "parent":
        return this.parent;
      default:
        return undefined;
    }
  }

  callMethod(name: string): unknown {
    if (name === "hasNext") return this.getProperty("hasNext");
    const property = /^(?:get|is)(\w)(\w*)$/.exec(name);
    return property ? this.getProperty(property[1].toLowerCase() + property[2]) : undefined;
  }

  toString(): string {
    return "";
  }
}

/** `#define($name)…#end`: rendering `$name` renders the block with the variables of that moment. */
export class DefinedBlock extends VtlObject {
  constructor(private readonly body: Emit, private readonly frame: Frame) {
    super();
  }

  callMethod(name: string): unknown {
    return name === "toString" ? this.toString() : undefined;
  }

  toString(): string {
    return captureOutput(this.frame, this.body);
  }
}
