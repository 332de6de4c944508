/** The declared API as the console's Routes page shows it, from the same model the gateway serves. */
import { declaredPattern } from "../mapping-choices.ts";
import type { DeclaredApi, DeclaredAuthorizer, DeclaredIntegration, DeclaredMethod } from "../declared-api.ts";
import type { CompiledTemplate } from "../vtl/compile.ts";
import type { ApiView, IntegrationView, MethodView, TemplateView } from "./protocol.ts";

/** @param apiUrl where the API is served, e.g. `http://127.0.0.1:3000`. */
export function apiView(model: DeclaredApi, apiUrl: string): ApiView {
  return {
    apiId: model.apiId,
    stageName: model.stageName,
    stageUrl: `${apiUrl}/${model.stageName}`,
    stageVariables: model.stageVariables,
    resources: model.resources.map((resource) => ({ path: resource.path, methods: [...resource.methods.values()].map(methodView) })),
  };
}

function methodView(method: DeclaredMethod): MethodView {
  return {
    httpMethod: method.httpMethod,
    requestParameters: Object.entries(method.requestParameters),
    methodResponses: [...method.methodResponses],
    integration: method.integration && integrationView(method.integration),
    authorizer: method.authorizer && authorizerView(method.authorizer),
  };
}

/** The authorizer field by field, as text. */
function authorizerView(authorizer: DeclaredAuthorizer): Record<string, string> {
  return {
    name: authorizer.name,
    type: authorizer.type,
    identitySource: authorizer.identitySources.join(", "),
    ...(authorizer.validationExpression ? { validationExpression: authorizer.validationExpression.source } : {}),
    resultTtlInSeconds: String(authorizer.resultTtlSeconds),
    function: authorizer.lambda ? `${authorizer.lambda.name} (${authorizer.lambda.handler})` : authorizer.uri,
  };
}

function integrationView(integration: DeclaredIntegration): IntegrationView {
  return {
    type: integration.type,
    target: integration.lambda ? `Lambda function ${integration.lambda.name} (${integration.lambda.handler})` : integration.uri || "no backend",
    uri: integration.uri,
    integrationHttpMethod: integration.integrationHttpMethod,
    passthroughBehavior: integration.passthroughBehavior,
    timeoutMs: integration.timeoutMs,
    requestTemplates: templateViews(integration.requestTemplates),
    requestParameters: integration.requestParameters,
    responses: integration.responses.map((response) => ({
      statusCode: response.statusCode,
      selectionPattern: response.selectionPattern && declaredPattern(response.selectionPattern),
      responseTemplates: templateViews(response.responseTemplates),
      responseParameters: response.responseParameters,
    })),
  };
}

function templateViews(templates: ReadonlyMap<string, CompiledTemplate>): TemplateView[] {
  return [...templates].map(([contentType, template]) => ({ contentType, source: template.source }));
}
