import path from "node:path";

// The dependency rules of docs/architecture.md, as a pure function of what each file of src/
// imports (scripts/check-architecture.ts reads that with the TypeScript compiler):
//   lower-layer      lib/, components/ and emails/ import nothing from features/ or app/, and
//                    features/ nothing from app/ (routes → features → lib/components, one way)
//   other-route      a file under app/ imports from app/ only inside its own folder, never
//                    another route's files
//   feature-cycle    the folders of features/ import each other without a cycle
//   action-off-chain a "use server" file exports only actions built by the request chain
//                    (lib/chain.ts, features/tenancy/request-chain.ts)

/** One import of a file: its module specifier, the line it is on and the file it resolves to (repo-relative). */
export type TImportFact = { specifier: string; line: number; resolved: string | null };

/** An export of a "use server" file: built by calling `callee` (imported from `calleeFrom`), or something else. */
export type TActionExportFact = { name: string; line: number; callee: string | null; calleeFrom: string | null };

export type TFileFacts = {
  /** Repo-relative, forward slashes: "src/lib/auth.ts". */
  file: string;
  imports: TImportFact[];
  /** Present when the file starts with the "use server" directive. */
  serverActions?: TActionExportFact[];
};

export type TViolation = { rule: "lower-layer" | "other-route" | "feature-cycle" | "action-off-chain"; file: string; line: number; message: string };

/** The modules an action may be built with: the chain's clients. */
export const CHAIN_MODULES = ["src/lib/chain.ts", "src/features/tenancy/request-chain.ts"];

const SOURCE_EXTENSIONS = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

/** The repo-relative file a local specifier ("@/lib/db", "./schemas") names, or null for a package. */
export function resolveSpecifier(importer: string, specifier: string, exists: (file: string) => boolean): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.posix.join("src", specifier.slice(2));
  else if (specifier.startsWith("./") || specifier.startsWith("../")) base = path.posix.join(path.posix.dirname(importer), specifier);
  else return null;
  for (const ext of SOURCE_EXTENSIONS) if (exists(base + ext)) return base + ext;
  return base; // a local path that does not exist: still a dependency, named as written
}

/** "lib", "components", "emails", "app", "features/<folder>", … — the part of src/ a file belongs to. */
export function layerOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] !== "src" || parts.length < 3) return "other";
  return parts[1] === "features" ? `features/${parts[2]}` : parts[1]!;
}

const LOWER_LAYERS = new Set(["lib", "components", "emails"]);

function lowerLayerViolation(from: string, to: string): string | null {
  const a = layerOf(from);
  const b = layerOf(to);
  if (LOWER_LAYERS.has(a) && (b === "app" || b.startsWith("features/"))) return `${a}/ must not import ${b}/ (${to})`;
  if (a.startsWith("features/") && b === "app") return `features/ must not import app/ (${to}): move the shared piece into the feature`;
  return null;
}

function otherRouteViolation(from: string, to: string): string | null {
  if (layerOf(from) !== "app" || layerOf(to) !== "app") return null;
  const own = path.posix.dirname(from) + "/";
  if (to.startsWith(own)) return null;
  return `app/ imports another route's file (${to}): move what both need into features/ or components/`;
}

/** Every elementary cycle would be too many; one shortest cycle through each strongly connected set is enough to act on. */
function featureCycles(files: TFileFacts[]): TViolation[] {
  // Folder graph, each edge remembering the first import that makes it.
  const edges = new Map<string, Map<string, { file: string; line: number }>>();
  for (const f of files) {
    const a = layerOf(f.file);
    if (!a.startsWith("features/")) continue;
    for (const imp of f.imports) {
      if (!imp.resolved) continue;
      const b = layerOf(imp.resolved);
      if (!b.startsWith("features/") || b === a) continue;
      const out = edges.get(a) ?? new Map();
      if (!out.has(b)) out.set(b, { file: f.file, line: imp.line });
      edges.set(a, out);
    }
  }
  const nodes = [...edges.keys()].sort();
  const reported = new Set<string>();
  const violations: TViolation[] = [];
  for (const start of nodes) {
    if (reported.has(start)) continue;
    // Breadth-first from start's neighbours back to start: the shortest cycle through it.
    const prev = new Map<string, string>();
    const queue: string[] = [];
    for (const n of [...(edges.get(start)?.keys() ?? [])].sort()) {
      if (!prev.has(n)) {
        prev.set(n, start);
        queue.push(n);
      }
    }
    let found = false;
    while (queue.length && !found) {
      const n = queue.shift()!;
      if (n === start) {
        found = true;
        break;
      }
      for (const m of [...(edges.get(n)?.keys() ?? [])].sort()) {
        if (!prev.has(m)) {
          prev.set(m, n);
          queue.push(m);
        }
      }
    }
    if (!found) continue;
    const cycle = [start];
    for (let n = prev.get(start)!; n !== start; n = prev.get(n)!) cycle.unshift(n);
    cycle.unshift(start);
    // cycle: start → … → start
    for (const n of cycle) reported.add(n);
    const hops = cycle.slice(0, -1).map((a, i) => {
      const b = cycle[i + 1]!;
      const at = edges.get(a)!.get(b)!;
      return `${a} → ${b} (${at.file}:${at.line})`;
    });
    const first = edges.get(cycle[0]!)!.get(cycle[1]!)!;
    violations.push({
      rule: "feature-cycle",
      file: first.file,
      line: first.line,
      message: `feature folders import each other in a cycle: ${cycle.map((c) => c.slice("features/".length)).join(" → ")}\n      ${hops.join("\n      ")}`,
    });
  }
  return violations;
}

function offChainActions(f: TFileFacts): TViolation[] {
  return (f.serverActions ?? [])
    .filter((e) => !(e.callee && e.calleeFrom && CHAIN_MODULES.includes(e.calleeFrom)))
    .map((e) => ({
      rule: "action-off-chain" as const,
      file: f.file,
      line: e.line,
      message: `"use server" export ${e.name} is not built by the request chain: export const ${e.name} = merchantAction(…) / publicAction(…) / defineAction(…)`,
    }));
}

export function checkArchitecture(files: TFileFacts[]): TViolation[] {
  const violations: TViolation[] = [];
  for (const f of files) {
    for (const imp of f.imports) {
      if (!imp.resolved) continue;
      const lower = lowerLayerViolation(f.file, imp.resolved);
      if (lower) violations.push({ rule: "lower-layer", file: f.file, line: imp.line, message: lower });
      const route = otherRouteViolation(f.file, imp.resolved);
      if (route) violations.push({ rule: "other-route", file: f.file, line: imp.line, message: route });
    }
    violations.push(...offChainActions(f));
  }
  violations.push(...featureCycles(files));
  return violations;
}

export function formatViolation(v: TViolation): string {
  return `${v.file}:${v.line}  [${v.rule}] ${v.message}`;
}
