import { expect } from "chai";
import { readFileSync } from "node:fs";
import { render as velocityRender } from "velocityjs";
import { compileTemplate } from "../../../gateway/vtl/compile.ts";
import { buildTemplateContext } from "../../../gateway/vtl/context.ts";
import { TemplateInput } from "../../../gateway/vtl/input.ts";
import { javaList } from "../../../gateway/vtl/java-values.ts";
import { templateUtil } from "../../../gateway/vtl/util.ts";
import { seedFacts, seedRequest } from "./fixtures.ts";

/**
 * Templates on which API Gateway and plain Velocity agree (no null values, no Java-only methods, no
 * integer division with a remainder): the compiled output must equal velocityjs's interpreter output.
 */
const templates: Record<string, string> = {
  "references and text": "Hello $context.user.name ($context.user.age), stage $context.stage; ${context.user.name}!",
  "quiet references": "$!context.user.name/$!{context.stage}",
  "#set with interpolated strings": '#set($who = "${context.user.name}@$context.stage")#set($n = \'$who\')$who $n',
  "#if / #elseif / #else": "#foreach($age in [29, 30, 31])#if($age > 30)old#elseif($age == 30)thirty#{else}young#end #end",
  "logical operators": "#if($context.user.age > 18 && !($context.stage == 'prod') || false)yes#{else}no#end",
  arithmetic: "#set($x = 3 * 4 + 10 - 2)#set($y = 10 / 2)#set($z = 17 % 5)#set($w = -($x))$x $y $z $w #set($s = 'n' + $x)$s",
  "ranges, up and down": "#foreach($i in [1..4])$i#end|#foreach($i in [3..1])$i#end|#set($top = 3)#foreach($i in [0..$top])$i#end",
  "$foreach.index, count and hasNext": "[#foreach($tag in $context.tags)\"$tag\":$foreach.index/$foreach.count#if($foreach.hasNext),#end#end]",
  "nested loops over maps": `{
#foreach($section in $context.sections.keySet())
  "$section": [
  #foreach($item in $context.sections.get($section))
    "$item"#if($foreach.hasNext),#end
  #end
  ]#if($foreach.hasNext),#end
#end
}`,
  "map and list literals": '#set($m = {"a": 1, "b": [1, 2], "c": {"d": "e"}})$m $m.size() $m.get("c").d $m.keySet() #set($l = [1, "two", 3])$l $l.size() $l[1]',
  "entrySet in #foreach": "#foreach($e in $context.user.entrySet())$e.key=$e.value;#end",
  "macros with arguments": '#macro(field $name $value)"$name": "$value"#end{#field("name" $context.user.name), #field("stage" $context.stage)}',
  "comments and directive whitespace": `## a line comment
#* a block
   comment *#
#set($a = 1)
  #set($b = 2)
line $a$b
  #if(true)
    inner
  #end
done`,
};

function contextWithData(): ReturnType<typeof buildTemplateContext> {
  return Object.assign(buildTemplateContext(seedFacts), {
    user: { name: "Ada", age: 36, role: "admin" },
    tags: javaList(["a", "b", "c"]),
    sections: { fruit: javaList(["apple", "pear"]), veg: javaList(["leek"]) },
  });
}

function compiled(template: string): string {
  return compileTemplate(template).render({ input: new TemplateInput(seedRequest), context: contextWithData(), stageVariables: {}, util: templateUtil }).text;
}

function interpreted(template: string, variables: Record<string, unknown>): string {
  return velocityRender(template, variables, {}, { escape: false });
}

describe("compiled templates render like velocityjs where AWS and Velocity agree", () => {
  for (const [name, template] of Object.entries(templates)) {
    it(`${name}`, () => {
      const expected = interpreted(template, { context: contextWithData() });
      expect(compiled(template)).to.equal(expected);
      expect(expected).to.not.equal("");
    });
  }

  it("the seed passthrough template, byte for byte, with $input/$util given to velocityjs as plain functions", () => {
    const template = readFileSync(new URL("../../../templates/passthrough.vtl", import.meta.url), "utf8");
    const input = new TemplateInput(seedRequest);
    const context = Object.assign(buildTemplateContext(seedFacts), { authorizer: { stringkey: "from-authorizer" } });
    const ours = compileTemplate(template).render({ input, context, stageVariables: {}, util: templateUtil }).text;
    const theirs = interpreted(template, {
      input: { params: () => input.params(), json: (path: string) => input.json(path) },
      context,
      util: { escapeJavaScript: (value: string) => templateUtil.escapeJavaScript(value) },
    });
    expect(ours).to.equal(theirs);
    expect(ours).to.include('"authcontext" : "from-authorizer"');
  });
});
