/** The GatewayFailure a pipeline step throws, for assertions on what API Gateway would answer. */
import { expect } from "chai";
import { GatewayFailure } from "../../gateway/errors.ts";

/** The GatewayFailure `run` throws; fails the test when it throws nothing or something else. */
export function failureOf(run: () => unknown): GatewayFailure {
  try {
    run();
  } catch (err) {
    expect(err, `expected a GatewayFailure; got ${String(err)}`).to.be.instanceOf(GatewayFailure);
    return err as GatewayFailure;
  }
  expect.fail("expected a GatewayFailure; got no error");
}
