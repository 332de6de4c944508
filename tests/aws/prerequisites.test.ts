import { expect } from "chai";
import { awsCredentialSource, missingPrerequisite, type Environment } from "./prerequisites.ts";

function environment(overrides: Partial<Environment> = {}, files: string[] = []): Environment {
  return { env: {}, home: "/home/dev", fileExists: (f) => files.includes(f), pulumiPath: "/usr/local/bin/pulumi", ...overrides };
}

describe("end-to-end prerequisites", () => {
  it("needs the pulumi CLI first", () => {
    expect(missingPrerequisite(environment({ pulumiPath: undefined, env: { AWS_PROFILE: "dev" } })))
      .to.equal("the pulumi CLI is not on PATH (the Automation API runs it)");
  });

  it("needs some source of AWS credentials", () => {
    expect(missingPrerequisite(environment())).to.equal(
      "no AWS credentials: none of AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE is set and there is no shared credentials file");
    expect(missingPrerequisite(environment({ env: { AWS_ACCESS_KEY_ID: "" } }))).to.match(/^no AWS credentials/);
  });

  it("accepts credential variables and the shared credentials file, wherever AWS_SHARED_CREDENTIALS_FILE points", () => {
    expect(awsCredentialSource(environment({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token" } }))).to.equal("$AWS_WEB_IDENTITY_TOKEN_FILE");
    expect(awsCredentialSource(environment({}, ["/home/dev/.aws/credentials"]))).to.equal("/home/dev/.aws/credentials");
    const elsewhere = environment({ env: { AWS_SHARED_CREDENTIALS_FILE: "/etc/aws/creds" } }, ["/etc/aws/creds"]);
    expect(missingPrerequisite(elsewhere)).to.equal(undefined);
  });
});
