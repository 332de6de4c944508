/**
 * Whether the end-to-end test can run here: it needs the `pulumi` CLI (the Automation API drives it)
 * and AWS credentials. The credential check only looks for their usual sources; whether they are valid
 * is for the deployment to find out.
 */
import { join } from "node:path";

/** What the check may look at. */
export interface Environment {
  env: Record<string, string | undefined>;
  home: string;
  fileExists: (path: string) => boolean;
  /** Path of the `pulumi` executable on PATH, if any. */
  pulumiPath: string | undefined;
}

const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE"];

/** Where AWS credentials would come from, or `undefined` when there is no sign of any. */
export function awsCredentialSource({ env, home, fileExists }: Environment): string | undefined {
  const variable = CREDENTIAL_VARIABLES.find((name) => (env[name] ?? "") !== "");
  if (variable !== undefined) return `$${variable}`;
  const file = env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials");
  return fileExists(file) ? file : undefined;
}

/** Why the end-to-end test cannot run here, or `undefined` when it can. */
export function missingPrerequisite(environment: Environment): string | undefined {
  if (environment.pulumiPath === undefined) {
    return "the pulumi CLI is not on PATH (the Automation API runs it)";
  }
  if (awsCredentialSource(environment) === undefined) {
    return `no AWS credentials: none of ${CREDENTIAL_VARIABLES.join(", ")} is set and there is no shared credentials file`;
  }
  return undefined;
}
