/**
 * Declares the API Gateway resources of one `/<basePath>/{proxy+}` route from its rendered definition:
 * the two path resources and each method with its integration, method responses and integration
 * responses.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { MethodDefinition, RouteDefinition } from "./integration-spec.ts";

/** What a route component gives the REST API that deploys it. */
export interface ApiRoute {
  /** First path segment of the route below the stage. */
  readonly basePath: string;
  /** The rendered definition, hashed into the deployment's triggers. */
  readonly definition: pulumi.Output<RouteDefinition>;
  /** Resources that must exist before the API is deployed. */
  readonly deploymentDependencies: pulumi.Resource[];
}

/** The resources of one declared route. */
export interface DeclaredRoute {
  all: pulumi.Resource[];
}

export function declareProxyRoute(
  name: string,
  restApi: aws.apigateway.RestApi,
  definition: RouteDefinition,
  parent: pulumi.Resource,
): DeclaredRoute {
  const [basePart, proxyPart] = definition.pathParts;
  const base = new aws.apigateway.Resource(`${name}-base`, {
    restApi: restApi.id, parentId: restApi.rootResourceId, pathPart: basePart,
  }, { parent });
  const proxy = new aws.apigateway.Resource(`${name}-proxy`, {
    restApi: restApi.id, parentId: base.id, pathPart: proxyPart,
  }, { parent });
  const methods = definition.methods.flatMap((method) => declareMethod(name, restApi, proxy, method, parent));
  return { all: [base, proxy, ...methods] };
}

/** One method with its integration, and a method response plus an integration response per status. */
function declareMethod(
  route: string, restApi: aws.apigateway.RestApi, resource: aws.apigateway.Resource, definition: MethodDefinition, parent: pulumi.Resource,
): pulumi.Resource[] {
  // The route's own method keeps the names it has always had; a preflight's carry its method.
  const name = definition.httpMethod === "ANY" ? route : `${route}-${definition.httpMethod.toLowerCase()}`;
  const target = { restApi: restApi.id, resourceId: resource.id, httpMethod: definition.httpMethod };
  const method = new aws.apigateway.Method(`${name}-${definition.httpMethod === "ANY" ? "any" : "method"}`, {
    ...target,
    authorization: definition.authorization,
    authorizerId: definition.authorizer?.id,
    requestParameters: definition.requestParameters,
  }, { parent });
  const integration = new aws.apigateway.Integration(`${name}-integration`, {
    ...target,
    ...definition.integration,
  }, { parent, dependsOn: [method] });

  const all: pulumi.Resource[] = [method, integration];
  for (const response of definition.responses) {
    const headers = Object.keys(response.responseParameters ?? {});
    const methodResponse = new aws.apigateway.MethodResponse(`${name}-${response.statusCode}`, {
      ...target,
      statusCode: response.statusCode,
      responseParameters: headers.length === 0 ? undefined : Object.fromEntries(headers.map((header) => [header, true])),
    }, { parent, dependsOn: [method] });
    // Its status must have a method response, and the integration must exist first: ids alone make
    // no ordering edge to the integration ("No integration defined for method").
    const integrationResponse = new aws.apigateway.IntegrationResponse(`${name}-${response.statusCode}`, {
      ...target,
      statusCode: response.statusCode,
      selectionPattern: response.selectionPattern,
      responseTemplates: response.responseTemplates,
      responseParameters: response.responseParameters,
    }, { parent, dependsOn: [integration, methodResponse] });
    all.push(methodResponse, integrationResponse);
  }
  return all;
}
