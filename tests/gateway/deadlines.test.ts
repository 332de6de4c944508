import { expect } from "chai";
import { deadlineIn, TICK_MS } from "../../gateway/backends/deadlines.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("invocation deadlines", () => {
  it("fire once, not before their time and within a tick of it", async () => {
    const fired: Array<{ name: string; late: number }> = [];
    const started = Date.now();
    for (const [name, ms] of [["short", 20], ["long", 60]] as const) {
      deadlineIn(ms, () => fired.push({ name, late: Date.now() - started - ms }));
    }
    await sleep(40);
    expect(fired.map((f) => f.name)).to.deep.equal(["short"]);
    await sleep(60);
    expect(fired.map((f) => f.name)).to.deep.equal(["short", "long"]);
    for (const { late } of fired) expect(late).to.be.within(0, 2 * TICK_MS + 20);
  });

  it("never fire once cancelled", async () => {
    let fired = false;
    const deadline = deadlineIn(15, () => (fired = true));
    deadline.cancel();
    await sleep(15 + 3 * TICK_MS);
    expect(fired).to.equal(false);
  });

  it("cancelling some of many (first, middle, last, twice) leaves the others to fire, each once, oldest first", async () => {
    const fired: number[] = [];
    const deadlines = [0, 1, 2, 3, 4].map((index) => deadlineIn(10, () => fired.push(index)));
    for (const index of [4, 2, 0, 2]) deadlines[index].cancel();
    await sleep(10 + 5 * TICK_MS);
    expect(fired).to.deep.equal([1, 3]);
  });

  it("a deadline cancelled by another's callback in the same tick does not fire; one set there fires later", async () => {
    const fired: string[] = [];
    const pair: Record<string, { cancel(): void }> = {};
    for (const [name, other] of [["a", "b"], ["b", "a"]]) {
      pair[name] = deadlineIn(5, () => {
        fired.push(name);
        pair[other].cancel();
        deadlineIn(60, () => fired.push("later"));
      });
    }
    await sleep(5 + 5 * TICK_MS);
    expect(fired).to.have.length(1);
    await sleep(60 + 5 * TICK_MS);
    expect(fired).to.have.length(2);
    expect(fired[1]).to.equal("later");
  });
});
