/**
 * What the console's server sends its page, as JSON: the declared API, request summaries, a request's
 * steps and playground renders. Types only, shared by the server and the page's code.
 */
import type { ExecutionStep } from "../execution-step-types.ts";

/** Text a page shows, cut to its first {@link MAX_SHOWN_BYTES} when longer. */
export interface TextView {
  readonly text: string;
  /** Set when cut: the full size in bytes, and where to download it all (when it is kept). */
  readonly cut?: { readonly bytes: number; readonly download?: string };
}

/** Longest text a page is sent in full. */
export const MAX_SHOWN_BYTES = 256 * 1024;

/** How many requests the console keeps and lists, newest first. */
export const KEPT_REQUESTS = 100;

export interface TemplateView {
  readonly contentType: string;
  readonly source: string;
}

export interface IntegrationResponseView {
  readonly statusCode: string;
  readonly selectionPattern?: string;
  readonly responseTemplates: readonly TemplateView[];
  readonly responseParameters: readonly (readonly [string, string])[];
}

export interface IntegrationView {
  readonly type: string;
  /** The Lambda function's name, or the HTTP endpoint. */
  readonly target: string;
  readonly uri: string;
  readonly integrationHttpMethod: string;
  readonly passthroughBehavior: string;
  readonly timeoutMs: number;
  readonly requestTemplates: readonly TemplateView[];
  readonly requestParameters: readonly (readonly [string, string])[];
  readonly responses: readonly IntegrationResponseView[];
}

export interface MethodView {
  readonly httpMethod: string;
  /** Declared method request parameters and whether each is required. */
  readonly requestParameters: readonly (readonly [string, boolean])[];
  readonly methodResponses: readonly string[];
  readonly integration?: IntegrationView;
  /** The method's authorizer, field by field, when the model declares one. */
  readonly authorizer?: Readonly<Record<string, string>>;
}

export interface ResourceView {
  /** e.g. `/lambda/{proxy+}` */
  readonly path: string;
  readonly methods: readonly MethodView[];
}

export interface ApiView {
  readonly apiId: string;
  readonly stageName: string;
  /** Where the stage is served, e.g. `http://127.0.0.1:3000/dev`. */
  readonly stageUrl: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly resources: readonly ResourceView[];
}

export interface RequestSummary {
  readonly requestId: string;
  /** ISO 8601 */
  readonly time: string;
  readonly method: string;
  /** Path and query as sent, stage included. */
  readonly url: string;
  readonly resourcePath?: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly failure?: string;
}

/** An `ExecutionStep` with each body, output and log shown as a {@link TextView}. */
type Shown<S> = { readonly [K in keyof S]: K extends "body" | "output" | "lines" ? TextView | Exclude<S[K], string | readonly string[]> : S[K] };
export type StepView = ExecutionStep extends infer S ? (S extends ExecutionStep ? Shown<S> : never) : never;

export interface RequestDetail {
  readonly summary: RequestSummary;
  readonly integrationLatencyMs?: number;
  /** The request as the client sent it. */
  readonly request: {
    readonly sourceIp: string;
    readonly headers: readonly (readonly [string, string])[];
    readonly body: TextView;
  };
  /** The same request as a curl command line. */
  readonly curl: string;
  /** The request as the playground's JSON, with the `$context` values it was given, so a render reproduces it. */
  readonly renderRequest: unknown;
  readonly steps: readonly StepView[];
}

/** `data` of the event stream's `requests` events. */
export interface RequestsEvent {
  /** True when `requests` is the whole list, newest first; otherwise they are new and go on top. */
  readonly reset: boolean;
  readonly requests: readonly RequestSummary[];
}

/** Request body of `POST /api/render`. */
export interface RenderCall {
  readonly template: string;
  /** The JSON `npm run render` takes, as text. */
  readonly request: string;
}

/** Answer of `POST /api/render`. */
export type RenderAnswer =
  | { readonly ok: true; readonly text: TextView }
  | { readonly ok: false; readonly error: string; readonly in: "template" | "request"; readonly line?: number; readonly column?: number };

/** Answer of `POST /api/send` and `POST /api/requests/:id/replay`. */
export interface SendAnswer {
  readonly status: number;
  /** The request id the gateway gave the request. */
  readonly requestId?: string;
}

/** What the console's event stream names its events. */
export type EventName = "api" | "requests";
