import { expect } from "chai";
import { VtlRenderError } from "../../../gateway/vtl/errors.ts";
import { javaSplit } from "../../../gateway/vtl/java-regex.ts";
import { render, request } from "./fixtures.ts";

/** Renders `expression` with `$s` set to `value`. */
function onString(value: string, expression: string): string {
  return render(`#set($s = '${value}')${expression}`);
}

describe("Java values in templates", () => {
  describe("String methods", () => {
    const cases: [string, string][] = [
      ["$s.length()", "11"],
      ['$s.contains("World")', "true"],
      ['$s.equals("Hello World")', "true"],
      ['$s.equalsIgnoreCase("hello world")', "true"],
      ["$s.isEmpty() $s.empty", "false false"],
      ["$s.substring(6) $s.substring(0, 5)", "World Hello"],
      ['$s.indexOf("o") $s.lastIndexOf("o") $s.indexOf("o", 5) $s.indexOf("z")', "4 7 7 -1"],
      ['$s.startsWith("Hell") $s.endsWith("World") $s.startsWith("World", 6)', "true true true"],
      ["$s.toLowerCase() $s.toUpperCase()", "hello world HELLO WORLD"],
      ["$s.charAt(4)", "o"],
      ["$s.toString()", "Hello World"],
      ['$s.replace("l", "L")', "HeLLo WorLd"],
      ['$s.concat("!")', "Hello World!"],
    ];
    for (const [expression, expected] of cases) {
      it(`${expression} on "Hello World" is ${expected}`, () => {
        expect(onString("Hello World", expression)).to.equal(expected);
      });
    }

    it("trim() strips only characters up to U+0020, as Java's trim", () => {
      expect(render('#set($s = " \t x\u00a0 ")[$s.trim()]')).to.equal("[x\u00a0]");
    });

    it("substring out of range throws StringIndexOutOfBoundsException", () => {
      expect(() => onString("ab", "$s.substring(3)")).to.throw(VtlRenderError, /StringIndexOutOfBoundsException/);
    });

    it("an unknown method renders \"\"", () => {
      expect(onString("ab", "[$s.noSuchMethod()]")).to.equal("[]");
    });
  });

  describe("Java regex methods", () => {
    it('replaceAll uses a regex and "$1" group references', () => {
      expect(onString("2024-05-06", '$s.replaceAll("(\\d+)-(\\d+)-(\\d+)", "$3/$2/$1")')).to.equal("06/05/2024");
    });

    it("replaceFirst replaces only the first match", () => {
      expect(onString("a.b.c", '$s.replaceFirst("\\.", "-")')).to.equal("a-b.c");
    });

    it("replaceAll(\"\\\\'\",\"'\") undoes escapeJavaScript's \\' (the AWS doc workaround)", () => {
      const template = `$util.escapeJavaScript($input.params('q')).replaceAll("\\\\'","'")`;
      expect(render(template, { request: request({ query: { q: ["it's"] } }) })).to.equal("it's");
    });

    it("a replacement with \\$ is a literal dollar; a lone $ throws IllegalArgumentException", () => {
      expect(onString("cost", "$s.replaceAll('cost', '\\$5')")).to.equal("$5");
      expect(() => onString("cost", '$s.replaceAll("cost", "$")')).to.throw(VtlRenderError, /IllegalArgumentException/);
    });

    it("replaceAll honours (?i) and \\Q...\\E", () => {
      expect(onString("A.a.A", '$s.replaceAll("(?i)a", "x")')).to.equal("x.x.x");
      expect(onString("a.b", '$s.replaceAll("\\Q.\\E", "!")')).to.equal("a!b");
    });

    it("matches() must match the whole string", () => {
      expect(onString("abc123", '$s.matches("[a-z]+\\d+") $s.matches("[a-z]+")')).to.equal("true false");
    });

    it("split() takes a regex and drops trailing empty strings", () => {
      expect(onString("a1b22c333", '$s.split("\\d+")')).to.equal("[a, b, c]");
      expect(onString("a,b,,", '$s.split(",").size()')).to.equal("2");
    });

    it('javaSplit keeps a leading empty string, removes trailing ones, and "" splits into characters', () => {
      expect(javaSplit(",a,,b,,", ",")).to.deep.equal(["", "a", "", "b"]);
      expect(javaSplit("abc", "")).to.deep.equal(["a", "b", "c"]);
      expect(javaSplit("a,b,c", ",", 2)).to.deep.equal(["a", "b,c"]);
      expect(javaSplit("", ",")).to.deep.equal([""]);
    });

    it("Java's $ also matches before a final line terminator", () => {
      expect(render('#set($s = "end\n")$s.replaceAll("d$", "D")')).to.equal("enD\n");
    });
  });

  describe("Map methods", () => {
    const map = '#set($m = {"a": 1, "b": "x"})';
    const cases: [string, string][] = [
      ["$m", "{a=1, b=x}"],
      ['$m.get("a") $m.a $m["b"]', "1 1 x"],
      ['$m.containsKey("a") $m.containsKey("z")', "true false"],
      ["$m.size() $m.isEmpty()", "2 false"],
      ["$m.keySet() $m.values()", "[a, b] [1, x]"],
      ["#foreach($e in $m.entrySet())$e.key:$e.value #end$m.entrySet()", "a:1 b:x [a=1, b=x]"],
      ['[$m.put("a", 2)] $m.a', "[1] 2"],
      ['[$m.put("c", 3)] $m', "[] {a=1, b=x, c=3}"],
      ['$m.get("constructor")|', "|"],
    ];
    for (const [expression, expected] of cases) {
      it(`${expression} is ${expected}`, () => {
        expect(render(map + expression)).to.equal(expected);
      });
    }
  });

  describe("List methods", () => {
    const list = "#set($l = ['x', 'y', 'z'])";
    const cases: [string, string][] = [
      ["$l", "[x, y, z]"],
      ["$l.size() $l.isEmpty() $l.empty", "3 false false"],
      ["$l.get(1) $l[0] $l[-1]", "y x z"],
      ["$l.contains('y') $l.contains('q')", "true false"],
      ["$l.add('w') $l.size()", "true 4"],
      ["$l.indexOf('z') $l.subList(1, 3)", "2 [y, z]"],
      ["[$l[7]]", "[]"],
    ];
    for (const [expression, expected] of cases) {
      it(`${expression} is ${expected}`, () => {
        expect(render(list + expression)).to.equal(expected);
      });
    }

    it("get() out of range throws IndexOutOfBoundsException", () => {
      expect(() => render(`${list}$l.get(3)`)).to.throw(VtlRenderError, /IndexOutOfBoundsException/);
    });
  });

  describe("rendering", () => {
    const body = '{"obj":{"foo":"bar"},"list":[{"foo":"bar"}],"nested":{"foo":[{"nested":"bar"}]},"empty":[],"n":1.5,"b":true}';
    const cases: [string, string][] = [
      ["$input.path('$.obj')", "{foo=bar}"],
      ["$input.path('$.list')", '[{"foo":"bar"}]'],
      ["$input.path('$.nested')", '{foo=[{"nested":"bar"}]}'],
      ["$input.path('$.nested').toString()", '{foo=[{"nested":"bar"}]}'],
      ["$input.path('$.empty')", "[]"],
      ["$input.path('$.n') $input.path('$.b')", "1.5 true"],
    ];
    for (const [expression, expected] of cases) {
      it(`${expression} renders as ${expected} (maps Java-style, JSON lists as compact JSON)`, () => {
        expect(render(expression, { request: request({ body }) })).to.equal(expected);
      });
    }

    it("== treats a missing value as equal to both $null and \"\"", () => {
      expect(render("#set($p = $input.path('$.x'))#if($p == $null)N#end#if($p == '')E#end#if($p != 'a')D#end")).to.equal("NED");
    });

    it("== compares numbers by value and other types by their string form", () => {
      expect(render("#if(1 == 1.0)a#end#if(1 == '1')b#end#if(true == 'true')c#end#if('a' == 'b')d#end")).to.equal("abc");
    });
  });
});
