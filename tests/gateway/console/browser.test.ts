import { expect } from "chai";
import got from "got";
import * as path from "node:path";
import type { Locator, Page } from "playwright-core";
import { launchChromiumOrSkip, type Browser } from "../../support/chromium.ts";
import { startConsoleFixture, type ConsoleFixture } from "../../support/console-fixture.ts";

const ARTICLE_QUERY = "?query1=querystring1&query2=querystring2";
const ARTICLE_HEADERS = { header1: "value1", header2: "value2", "Content-Type": "application/json" };
const ARTICLE_BODY = '{"keybody":"valuebody"}';
const HOSTILE = '<img src=x onerror="window.pwned=1">';
const STEPS = ["Method request", "Request mapping", "Endpoint request", "Function logs", "Endpoint response", "Integration response", "Response mapping", "Method response"];
/** Set to a directory to save the screenshots the README shows. */
const SCREENSHOT_DIR = process.env.CONSOLE_SCREENSHOT_DIR;

describe("local console in Chromium", function () {
  // The program runs and the function is bundled before the API is served.
  this.timeout(90_000);
  let fixture: ConsoleFixture;
  let browser: Browser;
  let page: Page;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    fixture = await startConsoleFixture();
    page = await browser.context.newPage();
    await page.goto(fixture.console.url);
  });
  after(async () => {
    await browser?.close();
    await fixture?.close();
  });

  function sendArticle(route: "lambda" | "http", headers: Record<string, string> = {}): Promise<string> {
    return got.post(`${fixture.gateway.url}/dev/${route}/path1/path2${ARTICLE_QUERY}`, { body: ARTICLE_BODY, headers: { ...ARTICLE_HEADERS, ...headers }, retry: { limit: 0 } })
      .then((response) => response.headers["x-amzn-requestid"] as string);
  }

  /** Opens a request from the Requests page's list. */
  async function openRequest(requestId: string): Promise<void> {
    await page.getByRole("link", { name: "Requests" }).click();
    await page.getByTitle(`Request ${requestId}`).click();
    await page.locator(".detail").getByText(`Request ${requestId}`).waitFor();
  }

  /** Saves the page as the README shows it, scrolled to `top` if given. */
  async function screenshot(name: string, top?: Locator): Promise<void> {
    if (SCREENSHOT_DIR === undefined) return;
    await top?.evaluate((element) => element.scrollIntoView());
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
  }

  it("lists the declared routes with their integrations and highlighted templates", async () => {
    await page.getByRole("link", { name: "Routes" }).click();
    const routes = page.locator("#view-routes");
    await routes.getByText("/{proxy+}").first().waitFor();
    const summaries = await routes.locator(".method-card > summary").allTextContents();
    // Each route, and its CORS preflight (the dev stack allows a local web origin).
    expect(summaries).to.have.length(4);
    expect(summaries).to.satisfy((all: string[]) => all.some((s) => /^ANY \/lambda\/\{proxy\+\} → AWS Lambda function echo-\w+ \(index\.handler\)$/.test(s)));
    expect(summaries).to.satisfy((all: string[]) => all.some((s) => /^ANY \/http\/\{proxy\+\} → HTTP http:\/\/127\.0\.0\.1:\d+\/anything\/\{proxy\}$/.test(s)));
    expect(summaries.filter((s) => s.startsWith("OPTIONS ")).map((s) => s.split(" → ")[1])).to.deep.equal(["MOCK no backend", "MOCK no backend"]);
    expect(await routes.locator(".vtl-directive", { hasText: "#foreach" }).count()).to.be.greaterThan(0);
    expect(await routes.getByText("selection pattern").count()).to.be.greaterThan(0);
    await routes.getByText("integration.request.path.proxy").waitFor();
  });

  it("follows a reload of the served API without reloading the page", async () => {
    const model = fixture.api.model;
    const renamed = { ...model, resources: model.resources.map((resource) => ({ ...resource, path: resource.path.replace("/lambda/", "/reloaded/") })) };
    fixture.console.showApi(renamed);
    await page.locator("#view-routes .method-card > summary", { hasText: "ANY /reloaded/{proxy+}" }).waitFor();
    fixture.console.showApi(model);
    await page.locator("#view-routes .method-card > summary", { hasText: "ANY /lambda/{proxy+}" }).waitFor();
  });

  it("shows a request sent to the Lambda route with every step in order, and the function's log lines", async () => {
    const requestId = await sendArticle("lambda");
    await openRequest(requestId);
    const detail = page.locator(".detail");
    const titles = await detail.locator(".steps > li > .step > h3").allTextContents();
    expect(titles.map((title) => title.replace(/^\s*/, "").split(/under|integration latency/)[0].trim())).to.deep.equal(STEPS);
    expect(await detail.locator("[aria-label='Request mapping output']").textContent()).to.include('"body-json" : {"keybody":"valuebody"}');
    expect(await detail.locator("[aria-label='function logs']").textContent()).to.include(`\t${requestId}\tINFO\t`);
    await detail.getByText("the Content-Type's media type application/json has a template").waitFor();
    await detail.getByText('the default response: errorMessage "" matches no selection pattern').waitFor();
  });

  it("shows a request sent to the HTTP route with what the backend got and answered", async () => {
    await openRequest(await sendArticle("http"));
    const detail = page.locator(".detail");
    await detail.getByText(/^Request: POST http:\/\/127\.0\.0\.1:\d+\/anything\/path1\/path2\?query1=querystring1&query2=querystring2$/).waitFor();
    expect(await detail.locator("[aria-label='endpoint response body']").textContent()).to.include('"url"');
    await detail.getByText('the default response: status code "200" matches no selection pattern').waitFor();
  });

  it("shows a hostile header value as text", async () => {
    await openRequest(await sendArticle("lambda", { "x-hostile": HOSTILE }));
    const detail = page.locator(".detail");
    await detail.locator("td", { hasText: HOSTILE }).first().waitFor();
    expect(await detail.locator("img").count()).to.equal(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).to.equal(undefined);
    await screenshot("console-requests");
    await screenshot("console-steps", detail.locator(".step h3", { hasText: "Request mapping" }));
  });

  it("copies a request as curl and replays it", async () => {
    await openRequest(await sendArticle("lambda"));
    const detail = page.locator(".detail");
    await detail.getByRole("button", { name: "Copy as curl" }).click();
    const curl = await detail.locator("[aria-label='curl command']").textContent() ?? "";
    expect(curl).to.match(new RegExp(`^curl -i -X POST '${escapeRegExp(fixture.gateway.url)}/dev/lambda/path1/path2\\?query1=querystring1&query2=querystring2' `));
    expect(curl).to.include(" -H 'header1: value1' -H 'header2: value2' -H 'content-type: application/json' ");
    expect(curl).to.match(/ --data-raw '\{"keybody":"valuebody"\}'$/);
    const before = await page.locator(".request").count();
    await detail.getByRole("button", { name: "Replay" }).click();
    await page.locator(".request").nth(before).waitFor();
    await page.locator(".request.selected").first().waitFor();
    expect(await page.locator(".request").first().getAttribute("class")).to.include("selected");
  });

  it("renders the shared template for a request exactly as its Lambda received it", async () => {
    await openRequest(await sendArticle("lambda"));
    const received = await page.locator("[aria-label='endpoint request body']").textContent();
    await page.getByRole("button", { name: "Open in playground" }).click();
    const rendered = page.locator("#view-playground [aria-label='rendered output']", { hasText: received ?? "" });
    await rendered.waitFor();
    expect(await rendered.textContent()).to.equal(received);
    await screenshot("console-playground");
  });

  it("renders as the template is edited, and points a template error at its line and column", async () => {
    await page.getByRole("link", { name: "Template playground" }).click();
    const template = page.getByRole("textbox", { name: "template source" });
    await template.fill("Method: $context.httpMethod\n#foreach($x in)\n#end");
    const alert = page.locator("#view-playground [role='alert']");
    await alert.getByText(/^Template error at line 2, column \d+$/).waitFor();
    await page.locator("#view-playground .editor-gutter .marked", { hasText: "2" }).waitFor();
    await template.fill("Method: $context.httpMethod, header1: $input.params('header1')");
    await page.locator("#view-playground [aria-label='rendered output']", { hasText: "Method: POST, header1: value1" }).waitFor();
  });

  it("sends the playground's request through the gateway", async () => {
    await page.getByRole("link", { name: "Template playground" }).click();
    await page.getByRole("button", { name: "Send to the API" }).click();
    await page.locator(".sent .status", { hasText: "200" }).waitFor();
    await page.getByRole("button", { name: "Show its steps" }).click();
    await page.locator(".detail .steps").waitFor();
    expect(await page.locator("[aria-label='method request body']").textContent()).to.equal(ARTICLE_BODY);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
