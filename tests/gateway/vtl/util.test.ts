import { expect } from "chai";
import { VtlRenderError } from "../../../gateway/vtl/errors.ts";
import { templateUtil } from "../../../gateway/vtl/util.ts";
import { render } from "./fixtures.ts";

describe("$util", () => {
  describe("escapeJavaScript (commons-lang StringEscapeUtils.escapeJavaScript)", () => {
    it("$util.escapeJavaScript turns ' into \\' as AWS does", () => {
      expect(render(`$util.escapeJavaScript("it's")`)).to.equal("it\\'s");
    });

    it('escapes " \\ and / with a backslash', () => {
      expect(templateUtil.escapeJavaScript('a"b\\c/d')).to.equal('a\\"b\\\\c\\/d');
    });

    it("escapes \\b \\n \\t \\f \\r by name and other control characters as \\u00XX", () => {
      expect(templateUtil.escapeJavaScript("\b\n\t\f\r\u0001\u001f")).to.equal("\\b\\n\\t\\f\\r\\u0001\\u001F");
    });

    it("escapes every character above U+007F as \\uXXXX with upper-case hex, surrogates one by one", () => {
      expect(templateUtil.escapeJavaScript("é€\u00ff😀\u007f")).to.equal("\\u00E9\\u20AC\\u00FF\\uD83D\\uDE00\u007f");
    });

    it("leaves plain ASCII untouched", () => {
      const plain = "Hello, World! {x=1} [a] <b> & ~";
      expect(templateUtil.escapeJavaScript(plain)).to.equal(plain);
    });

    it("$util.escapeJavaScript(null) renders \"\"", () => {
      expect(render("[$util.escapeJavaScript($missing)]")).to.equal("[]");
    });
  });

  describe("parseJson", () => {
    it("returns a map whose members templates can walk", () => {
      expect(render(`#set($o = $util.parseJson('{"a":{"b":[10,20]}}'))$o.a.b[1] $o.a`)).to.equal("20 {b=[10,20]}");
    });

    it("invalid JSON gives \"\"", () => {
      expect(render(`[$util.parseJson('{not json')]`)).to.equal("[]");
      expect(templateUtil.parseJson("{not json")).to.equal("");
    });
  });

  describe("urlEncode (java.net.URLEncoder, UTF-8)", () => {
    it('$util.urlEncode(\'{"some": "value"}\') is %7B%22some%22%3A+%22value%22%7D', () => {
      expect(render(`$util.urlEncode('{"some": "value"}')`)).to.equal("%7B%22some%22%3A+%22value%22%7D");
    });

    it("keeps * - _ . and alphanumerics, encodes ! ' ( ) ~ and UTF-8 bytes", () => {
      expect(templateUtil.urlEncode("aZ09*-_.!'()~ é")).to.equal("aZ09*-_.%21%27%28%29%7E+%C3%A9");
    });

    it("$util.urlEncode(null) is \"\"", () => {
      expect(render("[$util.urlEncode($missing)]")).to.equal("[]");
    });
  });

  describe("urlDecode (java.net.URLDecoder, UTF-8)", () => {
    it("turns + into a space and decodes UTF-8 escapes", () => {
      expect(templateUtil.urlDecode("x=a+b%20c%C3%A9%e2%82%ac")).to.equal("x=a b cé€");
    });

    it("a malformed escape throws IllegalArgumentException, failing the render", () => {
      expect(() => render("$util.urlDecode('100%')")).to.throw(VtlRenderError, /IllegalArgumentException: URLDecoder: Incomplete trailing escape/);
      expect(() => render("$util.urlDecode('%zz')")).to.throw(VtlRenderError, /Illegal hex characters/);
    });
  });

  describe("base64Encode / base64Decode", () => {
    it("encode the UTF-8 bytes", () => {
      expect(render("$util.base64Encode('héllo')")).to.equal("aMOpbGxv");
    });

    it("decode to UTF-8 text", () => {
      expect(render("$util.base64Decode('aMOpbGxv')")).to.equal("héllo");
    });
  });

  it("an unknown $util function renders \"\"", () => {
    expect(render("[$util.toJson('x')]")).to.equal("[]");
  });
});
