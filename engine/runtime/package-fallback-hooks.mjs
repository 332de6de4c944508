// Module resolve hook (see package-fallback.mjs): a bare specifier that resolves nowhere from the
// importing file is resolved again as if imported from this project's package.json.
let fallbackParent;

export function initialize(data) {
  fallbackParent = data.fallbackParent;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const bare = !/^(\.|\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);
    if (!bare || err?.code !== "ERR_MODULE_NOT_FOUND") throw err;
    return nextResolve(specifier, { ...context, parentURL: fallbackParent });
  }
}
