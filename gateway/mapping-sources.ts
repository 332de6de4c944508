/**
 * Pieces of the mapping-expression language that request parameters and response parameters share.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 */

/** A `'static'` literal or `stageVariables.NAME`; `undefined` for any other source (or an unset variable). */
export function literalOrStageVariable(source: string, stageVariables: Readonly<Record<string, string>>): string | undefined {
  if (source.startsWith("'") && source.endsWith("'") && source.length >= 2) return source.slice(1, -1);
  if (source.startsWith("stageVariables.")) return stageVariables[source.slice("stageVariables.".length)];
  return undefined;
}

/** Follows `a.b.c` into nested objects; `undefined` where the path leaves them. */
export function valueAtPath(root: unknown, dottedPath: string): unknown {
  return dottedPath.split(".").reduce<unknown>(
    (obj, key) => (obj !== null && typeof obj === "object" ? (obj as Record<string, unknown>)[key] : undefined), root);
}
