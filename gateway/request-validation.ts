/**
 * Request validators: a method with one checks its required parameters, then its body against the
 * model (a JSON Schema draft 4) for the request's Content-Type, before the integration is called.
 * Schemas are compiled once, when the gateway starts.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
 */
import { createRequire } from "node:module";
import type AjvDraft04 from "ajv-draft-04";
import type { ErrorObject, ValidateFunction } from "ajv-draft-04";
import { GATEWAY_ERRORS, GatewayFailure, withMessage } from "./errors.ts";
import type { DeclaredMethod, DeclaredValidation } from "./declared-api.ts";
import { headerValue } from "./request-mapping.ts";
import type { MethodRequestData } from "./vtl/types.ts";

/** Where required parameters are looked for, in the order a 400 lists them. */
const PARAMETER_KINDS = ["header", "path", "querystring"] as const;

/** A validation failure: the 400 to answer and what `$context.error.validationErrorString` holds. */
export class ValidationFailure extends GatewayFailure {
  constructor(error: typeof GATEWAY_ERRORS.badRequestBody, readonly validationErrorString: string) {
    super(error, validationErrorString);
  }
}

export class RequestValidation {
  private readonly required: readonly { kind: (typeof PARAMETER_KINDS)[number]; name: string }[];
  private readonly bodyValidators = new Map<string, ValidateFunction>();

  /**
   * @param apiModelUrl the URL a `$ref` names another model by, e.g.
   *   `https://apigateway.amazonaws.com/restapis/<apiId>/models/`.
   * @throws when a model's schema does not compile, naming the model.
   */
  constructor(private readonly model: DeclaredValidation, method: DeclaredMethod, apiModelUrl: string) {
    this.required = PARAMETER_KINDS.flatMap((kind) => Object.entries(method.requestParameters)
      .filter(([key, required]) => required && key.startsWith(`method.request.${kind}.`))
      .map(([key]) => ({ kind, name: key.slice(`method.request.${kind}.`.length) })));
    if (!model.validateRequestBody) return;
    const ajv = new (draft04Validator())({ allErrors: true, strict: false });
    for (const { name, schema } of model.apiModels) ajv.addSchema(schema as object, `${apiModelUrl}${name}`);
    for (const [contentType, { name }] of model.bodySchemas) {
      const validate = ajv.getSchema(`${apiModelUrl}${name}`);
      if (validate === undefined) throw new Error(`model "${name}" does not compile`);
      this.bodyValidators.set(contentType, validate);
    }
  }

  /** @throws ValidationFailure 400 for missing parameters, then for a body its model refuses. */
  check(request: MethodRequestData): void {
    if (this.model.validateRequestParameters) this.checkParameters(request);
    if (this.model.validateRequestBody) this.checkBody(request);
  }

  /** Every required parameter that is missing or blank, in one answer. */
  private checkParameters(request: MethodRequestData): void {
    const missing = this.required.filter(({ kind, name }) => {
      const value = kind === "header" ? headerValue(request.headers, name) : kind === "path" ? request.pathParameters[name] : request.query[name]?.at(-1);
      return value === undefined || value.trim() === "";
    }).map(({ name }) => name);
    if (missing.length === 0) return;
    const message = `Missing required request parameters: [${missing.join(", ")}]`;
    throw new ValidationFailure(withMessage(GATEWAY_ERRORS.badRequestParameters, message), message);
  }

  /**
   * The body against the model for its Content-Type (application/json when none); an empty or
   * unparsable body is invalid. A Content-Type without a model is not validated (what AWS does then
   * is not recorded).
   */
  private checkBody(request: MethodRequestData): void {
    const mediaType = (headerValue(request.headers, "Content-Type")?.split(";")[0].trim() || "application/json").toLowerCase();
    const validate = this.bodyValidators.get(mediaType);
    if (validate === undefined) return;
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      throw new ValidationFailure(GATEWAY_ERRORS.badRequestBody, "[Invalid JSON: the body could not be parsed]");
    }
    if (!validate(body)) throw new ValidationFailure(GATEWAY_ERRORS.badRequestBody, describe(validate.errors ?? []));
  }
}

/**
 * The validator class, loaded when a method first needs one: it takes a tenth of a second to load, which
 * an API without validators should not pay at start. The package is CommonJS (a plain require loads it);
 * its class is also its `default` export.
 */
function draft04Validator(): typeof AjvDraft04.default {
  return (createRequire(import.meta.url)("ajv-draft-04") as typeof AjvDraft04).default;
}

/** `[instance /a/b: must be string, …]`: one entry per schema violation. */
function describe(errors: readonly ErrorObject[]): string {
  return `[${errors.map((e) => `instance ${e.instancePath || "/"}: ${e.message ?? e.keyword}`).join(", ")}]`;
}
