/**
 * Declares the API Gateway resources of one `ANY /<basePath>/{proxy+}` route from its rendered
 * definition: the two path resources, the method, its integration, and a method response plus an
 * integration response per status.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RouteDefinition } from "./integration-spec.ts";

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
  method: aws.apigateway.Method;
  integration: aws.apigateway.Integration;
  all: pulumi.Resource[];
}

export function declareProxyRoute(
  name: string,
  restApi: aws.apigateway.RestApi,
  definition: RouteDefinition,
  parent: pulumi.Resource,
): DeclaredRoute {
  const opts = { parent };
  const [basePart, proxyPart] = definition.pathParts;
  const base = new aws.apigateway.Resource(`${name}-base`, {
    restApi: restApi.id, parentId: restApi.rootResourceId, pathPart: basePart,
  }, opts);
  const proxy = new aws.apigateway.Resource(`${name}-proxy`, {
    restApi: restApi.id, parentId: base.id, pathPart: proxyPart,
  }, opts);
  const target = { restApi: restApi.id, resourceId: proxy.id, httpMethod: definition.method.httpMethod };

  const method = new aws.apigateway.Method(`${name}-any`, {
    ...target,
    authorization: definition.method.authorization,
    authorizerId: definition.method.authorizer?.id,
    requestParameters: definition.method.requestParameters,
  }, opts);
  const integration = new aws.apigateway.Integration(`${name}-integration`, {
    ...target,
    ...definition.integration,
  }, { parent, dependsOn: [method] });

  const all: pulumi.Resource[] = [base, proxy, method, integration];
  for (const response of definition.responses) {
    const methodResponse = new aws.apigateway.MethodResponse(`${name}-${response.statusCode}`, {
      ...target, statusCode: response.statusCode,
    }, { parent, dependsOn: [method] });
    // Its status must have a method response, and the integration must exist first: ids alone make
    // no ordering edge to the integration ("No integration defined for method").
    const integrationResponse = new aws.apigateway.IntegrationResponse(`${name}-${response.statusCode}`, {
      ...target,
      statusCode: response.statusCode,
      selectionPattern: response.selectionPattern,
      responseTemplates: response.responseTemplates,
    }, { parent, dependsOn: [integration, methodResponse] });
    all.push(methodResponse, integrationResponse);
  }
  return { method, integration, all };
}
