import { expect } from "chai";
import { deadlineIn, TICK_MS } from "../../gateway/integrations/deadlines.ts";

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
});
