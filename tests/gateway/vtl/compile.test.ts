import { expect } from "chai";
import { compileTemplate, MAX_TEMPLATE_BYTES } from "../../../gateway/vtl/compile.ts";
import { VtlLimitError, VtlParseError, VtlRenderError } from "../../../gateway/vtl/errors.ts";
import { render, renderWith, request } from "./fixtures.ts";

describe("compileTemplate", () => {
  describe("null references", () => {
    it("$missing renders as \"\" (AWS), not as the literal $missing (Velocity)", () => {
      expect(render("[$missing][$!missing][${missing}][$missing.deeper.path()]")).to.equal("[][][][]");
    });

    it("a JSON null renders as \"\"", () => {
      expect(render("[$input.path('$.a')]", { request: request({ body: '{"a":null}' }) })).to.equal("[]");
    });

    it("a null inside a map renders as Java's null", () => {
      expect(render("$input.path('$')", { request: request({ body: '{"a":null}' }) })).to.equal("{a=null}");
    });
  });

  describe("#set", () => {
    it("#set with a null right-hand side leaves the variable unchanged (Velocity 1.7)", () => {
      expect(render("#set($x = 1)#set($x = $missing)$x")).to.equal("1");
    });

    it("#set($map.key = v) puts into a map and #set($list[i] = v) replaces an element", () => {
      expect(render('#set($m = {})#set($m.a = "x")#set($m["b"] = 2)$m #set($l = [1, 2])#set($l[1] = 5)$l')).to.equal("{a=x, b=2} [1, 5]");
    });

    it('"a" + 1 concatenates and 7 / 2 is integer division, as in Java', () => {
      expect(render('#set($s = "a" + 1)#set($q = 7 / 2)#set($r = 7 % 3)#set($d = 7.5 / 2)$s $q $r $d')).to.equal("a1 3 1 3.75");
    });

    it("division by zero yields null, which leaves the target unchanged", () => {
      expect(render("#set($x = 5)#set($x = 1 / 0)$x")).to.equal("5");
    });
  });

  describe("#if", () => {
    it('#if("") is true: only null and false are false (Velocity 1.7 truthiness)', () => {
      expect(render('#if("")a#end#if(0)b#end#if($missing)c#end#if(false)d#end#if(true)e#end')).to.equal("abe");
    });

    it("#if($input.params('missing')) is true because a missing parameter is \"\"", () => {
      expect(render("#if($input.params('missing'))present#{else}absent#end")).to.equal("present");
    });

    it("#elseif and #else pick the first true branch", () => {
      expect(render("#set($n = 2)#if($n == 1)one#elseif($n == 2)two#{else}other#end")).to.equal("two");
    });

    it("&&, || and ! combine truthiness and yield booleans", () => {
      expect(render('#set($b = "x" && $missing)$b #set($c = $missing || "y")$c #set($d = !$missing)$d')).to.equal("false true true");
    });
  });

  describe("#foreach", () => {
    it("$foreach.index, $foreach.count and $foreach.hasNext describe the iteration", () => {
      expect(render("#foreach($x in ['a', 'b', 'c'])$x$foreach.index$foreach.count#if($foreach.hasNext),#end#end")).to.equal("a01,b12,c23");
    });

    it("$foreach.first, $foreach.last and $velocityCount are available", () => {
      expect(render("#foreach($x in [1..3])$foreach.first/$foreach.last/$velocityCount #end")).to.equal("true/false/1 false/false/2 false/true/3 ");
    });

    it("nested loops: $foreach is the inner loop, $foreach.parent the outer one, restored after #end", () => {
      const template = "#foreach($a in [1, 2])#foreach($b in ['x', 'y'])$a$b$foreach.index$foreach.parent.index #end$foreach.index;#end";
      expect(render(template)).to.equal("1x00 1y10 0;2x01 2y11 1;");
    });

    it("iterates a map's values, and the loop variable is restored after #end", () => {
      expect(render('#set($v = "kept")#set($m = {"a": 1, "b": 2})#foreach($v in $m)$v#end $v')).to.equal("12 kept");
    });

    it("#break stops the innermost loop immediately", () => {
      expect(render("#foreach($i in [1..5])#if($i == 3)#break#end$i#end")).to.equal("12");
    });

    it("runs exactly 1000 iterations", () => {
      expect(render("#set($n = 0)#foreach($i in [1..1000])#set($n = $n + 1)#end$n")).to.equal("1000");
    });

    it("the 1001st iteration throws VtlLimitError (API Gateway's #foreach limit)", () => {
      expect(() => render("#foreach($i in [1..1001])#end")).to.throw(VtlLimitError, /exceeded 1000 iterations/);
    });

    it("the limit counts each loop separately", () => {
      expect(render("#foreach($i in [1..2])#foreach($j in [1..600])#end#end done")).to.equal(" done");
    });

    it("over null or a string iterates nothing", () => {
      expect(render("#set($s = 'abc')#foreach($x in $missing)a#end#foreach($x in $s)b#end.")).to.equal(".");
    });
  });

  describe("macros and #define", () => {
    it("#macro binds arguments by value and restores them after the call", () => {
      expect(render('#set($name = "outer")#macro(greet $name)Hi $name!#end#greet("Bob") $name')).to.equal("Hi Bob! outer");
    });

    it("a call to an undefined macro renders its source text, as Velocity does", () => {
      expect(render("a #nosuchmacro(1) b")).to.equal("a #nosuchmacro(1) b");
    });

    it("#define renders its block where the reference is used", () => {
      expect(render('#define($block)[$x]#end#set($x = "late")$block')).to.equal("[late]");
    });

    it("recursion deeper than 20 macro calls throws VtlRenderError", () => {
      expect(() => render("#macro(loop)#loop()#end#loop()")).to.throw(VtlRenderError, /nested deeper than 20/);
    });

    it("the depth is checked before the arguments of the call that would go too deep are evaluated", () => {
      expect(() => render('#macro(r $n)#r($n.substring(1))#end#r("abcdefghijklmnopqrstuvwxyz")')).to.throw(VtlRenderError, /nested deeper than 20/);
    });
  });

  describe("errors", () => {
    it("a parse error is a VtlParseError with velocityjs's line and column", () => {
      try {
        compileTemplate("{\n#foreach($x)#end\n}");
        expect.fail("expected a parse error");
      } catch (error) {
        expect(error).to.be.instanceOf(VtlParseError);
        expect((error as VtlParseError).location).to.deep.equal({ line: 2, column: 12 });
        expect((error as Error).message).to.equal("mapping template parse error at line 2, column 12: unexpected ')', expecting IN");
      }
    });

    it("an unterminated directive reports the end of the template", () => {
      expect(() => compileTemplate("#if($x")).to.throw(VtlParseError, /unexpected end of template$/);
    });

    it("a reference a thousand steps long compiles and renders", () => {
      expect(render(`#set($m = {})#set($m.a = $m)$m${".a".repeat(1000)}.isEmpty()`)).to.equal("false");
    });

    it("a template nested deeper than the local gateway can compile fails when compiled, with VtlLimitError", () => {
      const nested = `${"#foreach($i in [1])".repeat(2000)}x${"#end".repeat(2000)}`;
      expect(() => compileTemplate(nested)).to.throw(VtlLimitError, /nests too deeply/);
    });

    it("a template over 300 KB is refused with VtlLimitError", () => {
      expect(() => compileTemplate("x".repeat(MAX_TEMPLATE_BYTES + 1))).to.throw(VtlLimitError, /300 KB/);
      expect(compileTemplate("x".repeat(MAX_TEMPLATE_BYTES)).source).to.have.length(MAX_TEMPLATE_BYTES);
    });

    it("a Java exception in a method names the call and its position", () => {
      expect(() => render('#set($s = "ab")\n  $s.substring(9)')).to.throw(VtlRenderError, "$s.substring(9) at line 2, column 3 threw StringIndexOutOfBoundsException");
    });

    it("the call that threw is named, not a call in its arguments that had already returned", () => {
      expect(() => render('#set($s = "ab")#foreach($i in [1])$s.substring($s.indexOf("b"), 9)#end'))
        .to.throw(VtlRenderError, '$s.substring($s.indexOf("b"), 9) at line 1, column 35 threw StringIndexOutOfBoundsException');
    });
  });

  describe("templates compile to JavaScript, and what they hold stays data", () => {
    it("text, string literals and map keys that look like code render as written", () => {
      const text = 'a"); globalThis.injected = true; ("\u2028`` */ \\';
      expect(render(text)).to.equal(text);
      expect(render(`#set($m = {'"); globalThis.injected = true; //': 'x"); y('})$m`)).to.equal('{"); globalThis.injected = true; //=x"); y(}');
      expect((globalThis as { injected?: boolean }).injected).to.equal(undefined);
    });

    it("method and property names that are JavaScript's own are no Java members: they render \"\"", () => {
      expect(render('#set($m = {"a": 1})#set($s = "x")[$m.constructor()][$m.__proto__][$m.toString.call()][$s.constructor]')).to.equal("[][][][]");
    });
  });

  describe("$context overrides", () => {
    it("$context.responseOverride.status and .header.X are returned with the text", () => {
      const result = renderWith('#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-Tea = "pot")ok');
      expect(result).to.deep.include({ text: "ok" });
      expect(result.responseOverride).to.deep.equal({ status: 418, header: { "X-Tea": "pot" } });
    });

    it("$context.requestOverride.header/querystring/path values come back as strings", () => {
      const template = '#set($context.requestOverride.header.h = "v")#set($context.requestOverride.querystring.n = 5)#set($context.requestOverride.path.p = "a/b")';
      expect(renderWith(template).requestOverride).to.deep.equal({ header: { h: "v" }, querystring: { n: "5" }, path: { p: "a/b" } });
    });

    it("a status outside 100-599 is not reported", () => {
      expect(renderWith("#set($context.responseOverride.status = 42)").responseOverride).to.deep.equal({ header: {} });
    });

    it('setting the same override twice throws VtlRenderError ("overrides are final")', () => {
      const template = "#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 500)";
      expect(() => render(template)).to.throw(VtlRenderError, /already set/);
    });
  });

  it("a compiled template renders many requests independently", () => {
    const template = compileTemplate("#set($seen = $input.params('id'))$seen");
    const contexts = ["a", "b"].map((id) => renderWith(template.source, { request: request({ pathParameters: { id } }) }).text);
    expect(contexts).to.deep.equal(["a", "b"]);
  });
});
