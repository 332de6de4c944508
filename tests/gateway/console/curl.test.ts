import { expect } from "chai";
import { curlCommand } from "../../../gateway/console/curl.ts";

describe("copy as curl (gateway/console/curl.ts)", () => {
  it("quotes every value for a POSIX shell and leaves Host and Content-Length to curl", () => {
    const command = curlCommand({
      method: "POST", url: "http://127.0.0.1:3000/dev/lambda/a?x=1&y=it's",
      rawHeaders: ["Host", "127.0.0.1:3000", "X-Test", "$(rm -rf ~) `id` 'q'", "Content-Length", "9", "Empty", ""],
      body: { text: "{\"a\":\"it's\"}" },
    });
    expect(command).to.equal(
      "curl -i -X POST 'http://127.0.0.1:3000/dev/lambda/a?x=1&y=it'\\''s' -H 'X-Test: $(rm -rf ~) `id` '\\''q'\\''' -H 'Empty;' --data-raw '{\"a\":\"it'\\''s\"}'");
  });

  it("reads a body too long to inline from a file, and sends HEAD with --head", () => {
    expect(curlCommand({ method: "POST", url: "http://h/x", rawHeaders: [], body: { file: "request-body" } }))
      .to.equal("curl -i -X POST http://h/x --data-binary @request-body");
    expect(curlCommand({ method: "HEAD", url: "http://h/x", rawHeaders: [], body: { text: "" } })).to.equal("curl -i --head http://h/x");
  });
});
