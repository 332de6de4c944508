/** A request as a curl command line for a POSIX shell. */

/** Headers curl writes itself, from the URL and the body. */
const LEFT_TO_CURL = new Set(["host", "content-length", "connection", "transfer-encoding"]);

export interface CurlRequest {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  /** Name, value, name, value… as sent. */
  readonly rawHeaders: readonly string[];
  /** The body, or where curl is to read it from when it is too long to inline. */
  readonly body: { readonly text: string } | { readonly file: string };
}

export function curlCommand(request: CurlRequest): string {
  const parts = ["curl", "-i"];
  if (request.method === "HEAD") parts.push("--head");
  else parts.push("-X", request.method);
  parts.push(quote(request.url));
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const [name, value] = [request.rawHeaders[i], request.rawHeaders[i + 1]];
    // `Name;` is how curl sends a header with an empty value.
    if (!LEFT_TO_CURL.has(name.toLowerCase())) parts.push("-H", quote(value === "" ? `${name};` : `${name}: ${value}`));
  }
  if ("file" in request.body) parts.push("--data-binary", quote(`@${request.body.file}`));
  else if (request.body.text !== "") parts.push("--data-raw", quote(request.body.text));
  return parts.join(" ");
}

/** Single-quoted: nothing inside is special to the shell but the quote itself. */
function quote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
