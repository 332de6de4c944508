import { expect } from "chai";
import * as http from "node:http";
import type { Page } from "playwright-core";
import { listen } from "../../gateway/listen.ts";
import { launchChromiumOrSkip, type Browser } from "../support/chromium.ts";
import { servedApi } from "../support/served-api.ts";

/** What a page's `fetch` saw: a status and body it may read, or the error a CORS refusal raises. */
type Fetched = { status: number; body: string } | { error: string };

describe("CORS in Chromium: a page on an allowed origin calls the dev stack's routes", function () {
  this.timeout(90_000);
  let origin = "";
  let closePage: (() => Promise<void>) | undefined;
  // The page's server must be up before the API is configured with its origin.
  before(async () => {
    const server = http.createServer((_, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>client</title>"));
    const running = await listen(server, "127.0.0.1", 0);
    origin = `http://127.0.0.1:${running.port}`;
    closePage = running.close;
  });
  after(async () => closePage?.());
  const served = servedApi(() => ({ stack: "dev", config: { "passthrough-api:corsAllowOrigins": [origin] } }));
  let browser: Browser;
  let page: Page;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    page = await browser.context.newPage();
    await page.goto(origin);
  });
  after(async () => browser?.close());

  function browserFetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<Fetched> {
    return page.evaluate(async ({ url, init }) => {
      try {
        const response = await fetch(url, init);
        return { status: response.status, body: await response.text() };
      } catch (err) {
        return { error: String(err) };
      }
    }, { url, init });
  }

  for (const route of ["lambda", "http"]) {
    it(`${route} route: a JSON POST, preflighted, reaches the backend and the page reads the answer`, async () => {
      const before = served.accessLog.length;
      const fetched = await browserFetch(`${served.server.url}/dev/${route}/path1/path2?query1=querystring1`, {
        method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer t" }, body: '{"keybody":"valuebody"}',
      });
      expect(fetched, JSON.stringify(fetched)).to.have.property("status", 200);
      expect((fetched as { body: string }).body).to.include("valuebody");
      const methods = served.accessLog.slice(before).map((line) => JSON.parse(line).method);
      expect(methods, "the browser asked first").to.deep.equal(["OPTIONS", "POST"]);
    });
  }

  it("lets the page read the gateway's own error (DEFAULT_4XX carries the origin)", async () => {
    const fetched = await browserFetch(`${served.server.url}/dev/nowhere`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" });
    expect(fetched).to.deep.equal({ status: 403, body: '{"message":"Missing Authentication Token"}' });
  });

  it("refuses the answer to a page on another origin, as a browser does", async () => {
    const other = await browser.context.newPage();
    await other.goto(`${origin.replace("127.0.0.1", "localhost")}`);
    const fetched = await other.evaluate(async (url) => {
      try {
        await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
        return "read";
      } catch {
        return "refused";
      }
    }, `${served.server.url}/dev/lambda/x`);
    expect(fetched).to.equal("refused");
    await other.close();
  });
});
