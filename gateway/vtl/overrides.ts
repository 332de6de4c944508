/**
 * Reads what a template set in `$context.requestOverride` / `$context.responseOverride`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
 */
import { isMap, isNull, toJavaString } from "./java-values.ts";
import type { RequestOverride, ResponseOverride, TemplateContext } from "./types.ts";

const NONE: Readonly<Record<string, string>> = Object.freeze({});
const NO_REQUEST_OVERRIDE: RequestOverride = Object.freeze({ header: NONE, querystring: NONE, path: NONE });
const NO_RESPONSE_OVERRIDE: ResponseOverride = Object.freeze({ header: NONE });

/** The request overrides in `context`, values as strings; a shared empty object when there are none. */
export function requestOverrideOf(context: TemplateContext): RequestOverride {
  const maps: unknown = context.requestOverride;
  if (!isMap(maps)) return NO_REQUEST_OVERRIDE;
  const header = stringValues(maps.header);
  const querystring = stringValues(maps.querystring);
  const path = stringValues(maps.path);
  if (header === NONE && querystring === NONE && path === NONE) return NO_REQUEST_OVERRIDE;
  return { header, querystring, path };
}

/** The response overrides in `context`; `status` only when it is an integer from 100 to 599. */
export function responseOverrideOf(context: TemplateContext): ResponseOverride {
  const map: unknown = context.responseOverride;
  if (!isMap(map)) return NO_RESPONSE_OVERRIDE;
  const header = stringValues(map.header);
  const status = statusOf(map.status);
  if (header === NONE && status === undefined) return NO_RESPONSE_OVERRIDE;
  return status === undefined ? { header } : { header, status };
}

function stringValues(map: unknown): Readonly<Record<string, string>> {
  if (!isMap(map) || isEmpty(map)) return NONE;
  const keys = Object.keys(map).filter((key) => !isNull(map[key]));
  if (keys.length === 0) return NONE;
  const result: Record<string, string> = {};
  for (const key of keys) result[key] = toJavaString(map[key]);
  return result;
}

/** Without listing the keys: most renders set no override, and this runs after every render. */
function isEmpty(map: Record<string, unknown>): boolean {
  for (const key in map) if (Object.hasOwn(map, key)) return false;
  return true;
}

function statusOf(value: unknown): number | undefined {
  const status = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}
