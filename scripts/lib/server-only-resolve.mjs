// Resolve hook registered by worker-hooks.mjs: `server-only` → an empty module.
const empty = "data:text/javascript,export{}";

export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: empty, shortCircuit: true, format: "module" };
  return next(specifier, context);
}
