/** Whether node:http can write a header: a token for a name, no line break in the value. */
import { validateHeaderName, validateHeaderValue } from "node:http";

export function isSendable(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}
