/**
 * Tells when files in a set of directories may have changed: `onChange` runs once things have been quiet for
 * `settleMs` after a burst of file-system events (an editor's save is often several). It only says "look";
 * the caller compares contents, so a spurious or doubled event costs a comparison, never a reload.
 *
 * Node's fs.watch on each directory, not recursive: on Linux a recursive watch puts a watch on every
 * directory below, node_modules included, where the program's source directories are a handful. A
 * directory-level watch also sees editors that save by writing a new file and renaming it over the old.
 */
import { watch, type FSWatcher } from "node:fs";
import * as path from "node:path";

export class SourceWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly projectDir: string,
    private readonly onChange: () => void,
    private readonly settleMs = 50,
  ) {}

  /** Watches exactly these directories (relative to the project; `""` is the project itself). */
  watch(directories: readonly string[]): void {
    const wanted = new Set(directories);
    for (const [directory, watcher] of this.watchers) {
      if (!wanted.has(directory)) {
        watcher.close();
        this.watchers.delete(directory);
      }
    }
    for (const directory of wanted) {
      if (this.watchers.has(directory)) continue;
      try {
        const watcher = watch(path.join(this.projectDir, directory), () => this.changed());
        // A directory removed while watched: its parent's watcher reports that, and the next watch() drops it.
        watcher.on("error", () => this.changed());
        this.watchers.set(directory, watcher);
      } catch {
        // Gone since it was listed; the caller lists directories again after the change this is part of.
      }
    }
  }

  close(): void {
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onChange, this.settleMs);
  }
}
