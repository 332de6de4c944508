import { createHash } from "node:crypto";

/** Deterministic stand-ins for the random parts of AWS ids and Pulumi names, derived from a seed. */

/** `length` lowercase hex characters of the seed's hash. */
export function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** `length` characters of [a-z0-9], like API Gateway ids. */
export function alnum(seed: string, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = createHash("sha256").update(seed).digest();
  return Array.from(bytes.subarray(0, length), (b) => alphabet[b % alphabet.length]).join("");
}

/** `length` decimal digits, like the suffix the provider gives a `namePrefix`. */
export function digits(seed: string, length: number): string {
  const bytes = createHash("sha256").update(seed).digest();
  return Array.from(bytes.subarray(0, length), (b) => String(b % 10)).join("");
}

/** A UUID-shaped id, as providers give their own resources. */
export function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
