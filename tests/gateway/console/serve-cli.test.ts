import { expect } from "chai";
import got from "got";
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { projectDir } from "../../support/stack-config.ts";

/** An IPv4 address of this machine other than loopback, if it has one. */
function otherAddress(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((info) => info?.family === "IPv4" && !info.internal)?.address;
}

function connectError(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code));
  });
}

describe("npm start -- --host 0.0.0.0 (gateway/cli/serve.ts) and its console", function () {
  // The program runs and the function is bundled before the banner.
  this.timeout(90_000);
  let child: ChildProcess;
  let banner = "";

  before(async () => {
    child = spawn(process.execPath, ["--import", "tsx", "gateway/cli/serve.ts", "--host", "0.0.0.0", "--port", "0"], { cwd: projectDir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        banner += chunk.toString();
        if (/^Console: .*\n/m.test(banner)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`npm start exited with ${code} before its banner: ${stderr}`)));
    });
  });
  after(() => {
    child?.kill();
  });

  const portOf = (pattern: RegExp) => Number(pattern.exec(banner)?.[1]);

  it("prints the console's address on loopback, while the API is served on every address", () => {
    expect(banner).to.match(/^Serving stage "dev" of REST API "passthrough" \(\w+\) at http:\/\/0\.0\.0\.0:\d+\/dev, /m);
    expect(banner).to.match(/^Console: http:\/\/127\.0\.0\.1:\d+\/$/m);
  });

  it("answers the API on another address of this machine, and not the console", async function () {
    const address = otherAddress();
    if (address === undefined) {
      console.log("    skipped: this machine has no address other than loopback");
      this.skip();
    }
    const apiPort = portOf(/ at http:\/\/0\.0\.0\.0:(\d+)\/dev, /m);
    const consolePort = portOf(/^Console: http:\/\/127\.0\.0\.1:(\d+)\/$/m);
    const answer = await got.post(`http://${address}:${apiPort}/dev/lambda/a`, { body: "{}", headers: { "Content-Type": "application/json" }, retry: { limit: 0 } });
    expect(answer.statusCode).to.equal(200);
    expect(await connectError(address!, consolePort)).to.equal("ECONNREFUSED");
    expect(await connectError("127.0.0.1", consolePort)).to.equal(undefined);
  });
});
