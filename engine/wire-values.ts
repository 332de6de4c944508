/**
 * Pulumi's property encoding on the wire (google.protobuf.Struct as plain JS): assets, archives, secrets,
 * resource references and output values are objects tagged with a signature key; an unknown value (preview)
 * is a sentinel string. This module turns them into typed values and back.
 */

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value not known yet (only during a dry run). */
export interface UnknownValue {
  readonly kind: "Unknown";
}

/** `pulumi.asset.FileAsset`, `StringAsset` or `RemoteAsset`. */
export type AssetValue =
  | { readonly kind: "FileAsset"; readonly path: string }
  | { readonly kind: "StringAsset"; readonly text: string }
  | { readonly kind: "RemoteAsset"; readonly uri: string };

/** `pulumi.asset.FileArchive`, `RemoteArchive` or `AssetArchive`. */
export type ArchiveValue =
  | { readonly kind: "FileArchive"; readonly path: string }
  | { readonly kind: "RemoteArchive"; readonly uri: string }
  | { readonly kind: "AssetArchive"; readonly assets: Readonly<Record<string, AssetValue | ArchiveValue>> };

/** A resource passed as a value (e.g. a component output holding a resource). */
export interface ResourceReferenceValue {
  readonly kind: "ResourceReference";
  readonly urn: string;
  readonly id?: PropertyValue;
}

/** A decoded property value. Secrets are unwrapped; their keys are reported separately. */
export type PropertyValue =
  | null
  | boolean
  | number
  | string
  | UnknownValue
  | AssetValue
  | ArchiveValue
  | ResourceReferenceValue
  | PropertyValue[]
  | PropertyMap;

/** An object of decoded property values. */
export interface PropertyMap {
  [key: string]: PropertyValue;
}

/** The single unknown value; compare with {@link isUnknown}. */
export const unknown: UnknownValue = Object.freeze({ kind: "Unknown" });

/** Result of {@link decodeProperties}. */
export interface DecodedProperties {
  values: PropertyMap;
  /** Top-level keys whose value is or contains a secret. */
  secretKeys: string[];
}

/** Decodes a Struct (as from `struct.toJavaScript()`) into typed values. */
export function decodeProperties(wire: Record<string, unknown> | undefined): DecodedProperties {
  const values: PropertyMap = {};
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries(wire ?? {})) {
    const secret = { found: false };
    values[key] = decodeValue(raw, secret);
    if (secret.found) secretKeys.push(key);
  }
  return { values, secretKeys };
}

/** Encodes typed values into a Struct-ready object, wrapping `secretKeys` as secrets. */
export function encodeProperties(values: Record<string, unknown>, secretKeys: readonly string[] = []): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const encoded = encodeValue(value);
    wire[key] = secretKeys.includes(key) ? { [SIG_KEY]: SECRET_SIG, value: encoded } : encoded;
  }
  return wire;
}

/** True for the unknown value of a dry run. */
export function isUnknown(value: unknown): value is UnknownValue {
  return isKind(value, "Unknown");
}

/** True for a decoded asset. */
export function isAsset(value: unknown): value is AssetValue {
  return isKind(value, "FileAsset") || isKind(value, "StringAsset") || isKind(value, "RemoteAsset");
}

/** True for a decoded archive. */
export function isArchive(value: unknown): value is ArchiveValue {
  return isKind(value, "FileArchive") || isKind(value, "RemoteArchive") || isKind(value, "AssetArchive");
}

function isKind(value: unknown, kind: string): boolean {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === kind;
}

function decodeValue(raw: unknown, secret: { found: boolean }): PropertyValue {
  if (raw === UNKNOWN_SENTINEL) return unknown;
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== "object") return raw as boolean | number | string;
  if (Array.isArray(raw)) return raw.map((item) => decodeValue(item, secret));
  const obj = raw as Record<string, unknown>;
  switch (obj[SIG_KEY]) {
    case undefined:
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decodeValue(v, secret)]));
    case SECRET_SIG:
      secret.found = true;
      return decodeValue(obj.value, secret);
    case OUTPUT_SIG:
      if (obj.secret === true) secret.found = true;
      return "value" in obj ? decodeValue(obj.value, secret) : unknown;
    case ASSET_SIG:
      return decodeAsset(obj);
    case ARCHIVE_SIG:
      return decodeArchive(obj);
    case RESOURCE_SIG:
      return decodeReference(obj, secret);
    default:
      throw new Error(`unsupported property signature ${String(obj[SIG_KEY])}`);
  }
}

function decodeAsset(obj: Record<string, unknown>): AssetValue {
  if (typeof obj.path === "string") return { kind: "FileAsset", path: obj.path };
  if (typeof obj.text === "string") return { kind: "StringAsset", text: obj.text };
  if (typeof obj.uri === "string") return { kind: "RemoteAsset", uri: obj.uri };
  throw new Error(`asset has none of path, text, uri: ${JSON.stringify(obj)}`);
}

function decodeArchive(obj: Record<string, unknown>): ArchiveValue {
  if (typeof obj.path === "string") return { kind: "FileArchive", path: obj.path };
  if (typeof obj.uri === "string") return { kind: "RemoteArchive", uri: obj.uri };
  if (typeof obj.assets === "object" && obj.assets !== null) {
    const assets = Object.entries(obj.assets as Record<string, Record<string, unknown>>).map(
      ([name, a]) => [name, a[SIG_KEY] === ASSET_SIG ? decodeAsset(a) : decodeArchive(a)] as const,
    );
    return { kind: "AssetArchive", assets: Object.fromEntries(assets) };
  }
  throw new Error(`archive has none of path, uri, assets: ${JSON.stringify(obj)}`);
}

function decodeReference(obj: Record<string, unknown>, secret: { found: boolean }): ResourceReferenceValue {
  const ref: ResourceReferenceValue = { kind: "ResourceReference", urn: String(obj.urn) };
  return "id" in obj ? { ...ref, id: decodeValue(obj.id, secret) } : ref;
}

function encodeValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(encodeValue);
  const kind = (value as { kind?: unknown }).kind;
  if (kind === "Unknown") return UNKNOWN_SENTINEL;
  if (isAsset(value)) return { [SIG_KEY]: ASSET_SIG, ...assetFields(value) };
  if (isArchive(value)) return { [SIG_KEY]: ARCHIVE_SIG, ...archiveFields(value) };
  if (kind === "ResourceReference") {
    const ref = value as ResourceReferenceValue;
    return { [SIG_KEY]: RESOURCE_SIG, urn: ref.urn, ...(ref.id === undefined ? {} : { id: encodeValue(ref.id) }) };
  }
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encodeValue(v)]),
  );
}

function assetFields(asset: AssetValue): Record<string, string> {
  if (asset.kind === "FileAsset") return { path: asset.path };
  return asset.kind === "StringAsset" ? { text: asset.text } : { uri: asset.uri };
}

function archiveFields(archive: ArchiveValue): Record<string, unknown> {
  if (archive.kind === "FileArchive") return { path: archive.path };
  if (archive.kind === "RemoteArchive") return { uri: archive.uri };
  return { assets: Object.fromEntries(Object.entries(archive.assets).map(([k, v]) => [k, encodeValue(v)])) };
}
