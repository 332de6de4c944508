import { expect } from "chai";
import { decodeProperties, encodeProperties, isArchive, isUnknown, unknown } from "../../engine/wire-values.ts";

const SIG = "4dabf18193072939515e22adb298388d";
const ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
const ASSET = "c44067f5952c0a294b673a41bacd8c17";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("engine/wire-values", () => {
  it('decodes a FileArchive into { kind: "FileArchive", path }', () => {
    const { values } = decodeProperties({ code: { [SIG]: ARCHIVE, path: "./dist" } });
    expect(values.code).to.deep.equal({ kind: "FileArchive", path: "./dist" });
    expect(isArchive(values.code)).to.equal(true);
  });

  it("decodes an AssetArchive with nested assets", () => {
    const wire = { code: { [SIG]: ARCHIVE, assets: { "index.js": { [SIG]: ASSET, text: "exports.h=1" } } } };
    expect(decodeProperties(wire).values.code).to.deep.equal({
      kind: "AssetArchive",
      assets: { "index.js": { kind: "StringAsset", text: "exports.h=1" } },
    });
  });

  it("unwraps secrets and output values, reporting their top-level keys as secret", () => {
    const { values, secretKeys } = decodeProperties({
      password: { [SIG]: SECRET, value: "hunter2" },
      nested: { list: [{ [SIG]: OUTPUT, value: 1, secret: true }] },
      plain: "x",
    });
    expect(values).to.deep.equal({ password: "hunter2", nested: { list: [1] }, plain: "x" });
    expect(secretKeys).to.deep.equal(["password", "nested"]);
  });

  it("decodes the unknown sentinel and a value-less output value as unknown", () => {
    const { values } = decodeProperties({ a: UNKNOWN, b: { [SIG]: OUTPUT } });
    expect(isUnknown(values.a)).to.equal(true);
    expect(isUnknown(values.b)).to.equal(true);
  });

  it("decodes a resource reference with its urn and id", () => {
    const { values } = decodeProperties({ r: { [SIG]: RESOURCE, urn: "urn:pulumi:s::p::t::n", id: "i-1" } });
    expect(values.r).to.deep.equal({ kind: "ResourceReference", urn: "urn:pulumi:s::p::t::n", id: "i-1" });
  });

  it("encodes back to the wire form, wrapping the secret keys and dropping undefined", () => {
    const wire = encodeProperties(
      { code: { kind: "FileArchive", path: "./dist" }, token: "t", later: unknown, gone: undefined },
      ["token"],
    );
    expect(wire).to.deep.equal({
      code: { [SIG]: ARCHIVE, path: "./dist" },
      token: { [SIG]: SECRET, value: "t" },
      later: UNKNOWN,
    });
  });

  it("rejects an unknown signature instead of passing it through", () => {
    expect(() => decodeProperties({ x: { [SIG]: "nope" } })).to.throw("unsupported property signature nope");
  });
});
