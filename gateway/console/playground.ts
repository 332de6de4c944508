/**
 * The playground's render: a template and a request in the JSON `npm run render` takes, rendered as
 * `npm run render` renders them; a problem comes back with the line and column it was found at.
 */
import { parseRenderRequest, RenderRequestError, renderVariables } from "../render-request.ts";
import { compileTemplate } from "../vtl/compile.ts";
import { VtlError, VtlParseError } from "../vtl/errors.ts";
import type { RenderAnswer, RenderCall } from "./protocol.ts";
import { textView } from "./request-view.ts";

export function renderInPlayground(call: RenderCall): RenderAnswer {
  let stage: "template" | "request" = "template";
  try {
    const template = compileTemplate(call.template);
    stage = "request";
    const variables = renderVariables(parseRenderRequest(call.request, "the request"));
    stage = "template";
    return { ok: true, text: textView(template.render(variables).text) };
  } catch (error) {
    if (error instanceof VtlError || error instanceof RenderRequestError) return failure(stage, error);
    throw error;
  }
}

function failure(stage: "template" | "request", error: VtlError | RenderRequestError): RenderAnswer {
  const location = error instanceof VtlParseError ? error.location : positionIn(error.message);
  return { ok: false, in: stage, error: error.message, ...location };
}

/** `… at line 2, column 5` (render errors) or `… (line 2 column 5)` (V8's JSON errors). */
function positionIn(message: string): { line: number; column: number } | undefined {
  const match = /\bline (\d+),? column (\d+)/.exec(message);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}
