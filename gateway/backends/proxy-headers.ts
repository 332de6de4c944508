/**
 * Headers of a proxy integration's answer (a Lambda proxy result's, an HTTP proxy backend's) that API
 * Gateway keeps its own of, passing the backend's on renamed `x-amzn-Remapped-<name>`.
 */
export const PROXY_REMAPPED_HEADERS: ReadonlySet<string> = new Set(["connection", "content-length", "date", "server", "x-amzn-requestid"]);
