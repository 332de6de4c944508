/** Whether a file exists and this process may execute it (the check a shell makes on PATH). */
import { accessSync, constants } from "node:fs";

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
