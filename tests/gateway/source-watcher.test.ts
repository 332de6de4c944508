import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { SourceWatcher } from "../../gateway/source-watcher.ts";

describe("gateway/source-watcher", () => {
  let dir: string;
  let watcher: SourceWatcher;
  let changes: (() => void)[];
  /** Resolves at the next call of onChange. */
  const nextChange = () => new Promise<void>((resolve) => changes.push(resolve));

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "watch-"));
    await mkdir(path.join(dir, "templates"));
    changes = [];
    watcher = new SourceWatcher(dir, () => changes.shift()?.(), 10);
  });
  afterEach(async () => {
    watcher.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("says so when a file in a watched directory is written", async () => {
    watcher.watch(["", "templates"]);
    const changed = nextChange();
    await writeFile(path.join(dir, "templates", "a.vtl"), "{}");
    await changed;
  });

  it("says so when an editor saves by renaming a new file over the old one", async () => {
    await writeFile(path.join(dir, "templates", "a.vtl"), "{}");
    watcher.watch(["templates"]);
    const changed = nextChange();
    await writeFile(path.join(dir, "templates", ".a.vtl.swp"), '{"new": 1}');
    await rename(path.join(dir, "templates", ".a.vtl.swp"), path.join(dir, "templates", "a.vtl"));
    await changed;
  });
});
