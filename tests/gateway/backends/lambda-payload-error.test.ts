import { expect } from "chai";
import { lambdaPayloadError } from "../../../gateway/backends/lambda-payload-error.ts";

const PREFIX = "Could not parse request body into json: Could not parse payload into json: ";

describe("Lambda's message for a payload that is not JSON (Jackson's wording and position)", () => {
  const cases: [string, string, string][] = [
    ["token=abc", "Unrecognized token 'token': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "line: 1, column: 7"],
    ['{"a":1,}', "Unexpected character ('}' (code 125)): was expecting double-quote to start field name", "line: 1, column: 9"],
    ['{"a":1 "b":2}', "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries", "line: 1, column: 9"],
    ['{"a":"x\ry"}', "Illegal unquoted character ((CTRL-CHAR, code 13)): has to be escaped using backslash to be included in string value", "line: 1, column: 9"],
    ['{"a":', "Unexpected end-of-input: expected close marker for OBJECT", "line: 1, column: 6"],
    ['{\n  "b": [1,\n  x]}', "Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "line: 3, column: 5"],
  ];
  for (const [payload, message, where] of cases) {
    it(`${JSON.stringify(payload)} → ${message.split(":")[0]}`, () => {
      expect(lambdaPayloadError(payload)).to.equal(`${PREFIX}${message}\n at [Source: (byte[])"${payload}"; ${where}]`);
    });
  }

  it("finds nothing wrong with JSON", () => {
    expect(lambdaPayloadError('{"a": [1, -2.5e3, true, null, "\\u00e9"]}')).to.equal(undefined);
  });

  it("cuts the source after 500 characters, saying how many bytes it left out", () => {
    expect(lambdaPayloadError(`x${"y".repeat(600)}`)).to.match(/"\[truncated 101 bytes\]; line: 1, column: 602\]$/);
  });
});
