import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkArchitecture, formatViolation, resolveSpecifier, type TFileFacts } from "./architecture";
import { readImportFacts } from "./import-facts";

// A tiny graph per rule, so the checker cannot pass by seeing nothing: each breach is found with
// its file and line, and the legal shape next to it is not.

const files = new Set([
  "src/lib/db.ts",
  "src/lib/chain.ts",
  "src/features/a/index.ts",
  "src/features/a/x.ts",
  "src/features/b/y.ts",
  "src/features/c/z.ts",
  "src/features/tenancy/request-chain.ts",
  "src/app/m/page.tsx",
  "src/app/m/parts/list.tsx",
  "src/app/n/page.tsx",
]);
const exists = (f: string) => files.has(f);
const imp = (file: string, specifier: string, line = 1) => ({ specifier, line, resolved: resolveSpecifier(file, specifier, exists) });
const facts = (file: string, ...specifiers: string[]): TFileFacts => ({ file, imports: specifiers.map((s, i) => imp(file, s, i + 1)) });

describe("resolveSpecifier", () => {
  it("resolves the @/ alias, relative paths, extensions and index files; packages are not files", () => {
    expect(resolveSpecifier("src/features/a/x.ts", "@/lib/db", exists)).toBe("src/lib/db.ts");
    expect(resolveSpecifier("src/features/a/x.ts", "../b/y", exists)).toBe("src/features/b/y.ts");
    expect(resolveSpecifier("src/features/b/y.ts", "@/features/a", exists)).toBe("src/features/a/index.ts");
    expect(resolveSpecifier("src/app/m/page.tsx", "./parts/list", exists)).toBe("src/app/m/parts/list.tsx");
    expect(resolveSpecifier("src/lib/db.ts", "zod", exists)).toBeNull();
    expect(resolveSpecifier("src/lib/db.ts", "node:fs", exists)).toBeNull();
  });
});

describe("checkArchitecture", () => {
  it("passes a graph whose dependencies run one way", () => {
    const ok = [
      facts("src/app/m/page.tsx", "@/features/a/x", "./parts/list", "@/lib/db"),
      facts("src/features/a/x.ts", "@/features/b/y", "@/lib/db", "zod"),
      facts("src/features/b/y.ts", "@/features/c/z"),
      facts("src/lib/chain.ts", "./db"),
    ];
    expect(checkArchitecture(ok)).toEqual([]);
  });

  it("finds lib/ importing features/ or app/, and features/ importing app/, at the import's line", () => {
    const v = checkArchitecture([facts("src/lib/chain.ts", "./db", "@/features/a/x"), facts("src/features/b/y.ts", "@/lib/db", "@/app/n/page")]);
    expect(v.map((x) => [x.rule, x.file, x.line])).toEqual([
      ["lower-layer", "src/lib/chain.ts", 2],
      ["lower-layer", "src/features/b/y.ts", 2],
    ]);
    expect(v[0]!.message).toContain("lib/ must not import features/a/");
  });

  it("finds a route importing another route's file, not its own folder's", () => {
    const v = checkArchitecture([facts("src/app/n/page.tsx", "../m/parts/list"), facts("src/app/m/page.tsx", "./parts/list")]);
    expect(v.map((x) => [x.rule, x.file])).toEqual([["other-route", "src/app/n/page.tsx"]]);
  });

  it("finds a cycle between feature folders and prints its path with each import's file:line", () => {
    const graph = [
      facts("src/features/a/x.ts", "@/lib/db", "@/features/b/y"),
      facts("src/features/b/y.ts", "@/features/c/z"),
      facts("src/features/c/z.ts", "zod", "zod", "../a/index"),
      facts("src/features/a/index.ts", "./x"), // inside one folder: never a cycle
    ];
    const v = checkArchitecture(graph);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: "feature-cycle", file: "src/features/a/x.ts", line: 2 });
    expect(v[0]!.message).toContain("a → b → c → a");
    expect(v[0]!.message).toContain("features/c → features/a (src/features/c/z.ts:3)");
    expect(formatViolation(v[0]!)).toMatch(/^src\/features\/a\/x\.ts:2 {2}\[feature-cycle\]/);
  });

  it("reports a two-folder cycle once, however many imports make it", () => {
    const v = checkArchitecture([facts("src/features/a/x.ts", "@/features/b/y", "@/features/b/y"), facts("src/features/b/y.ts", "@/features/a/x")]);
    expect(v.map((x) => x.message.split("\n")[0])).toEqual(["feature folders import each other in a cycle: a → b → a"]);
  });

  it("finds a server action that is not built by the chain", () => {
    const actions: TFileFacts = {
      file: "src/features/a/actions.ts",
      imports: [],
      serverActions: [
        { name: "goodAction", line: 3, callee: "merchantAction", calleeFrom: "src/features/tenancy/request-chain.ts" },
        { name: "publicOne", line: 4, callee: "publicAction", calleeFrom: "src/lib/chain.ts" },
        { name: "bareAction", line: 7, callee: null, calleeFrom: null },
        { name: "wrappedAction", line: 9, callee: "myWrapper", calleeFrom: "src/features/a/x.ts" },
      ],
    };
    expect(checkArchitecture([actions]).map((x) => [x.rule, x.line])).toEqual([
      ["action-off-chain", 7],
      ["action-off-chain", 9],
    ]);
  });
});

describe("readImportFacts (the TypeScript compiler's parse)", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "architecture-fixture-"));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    write("tsconfig.json", "{}");
    write("src/lib/chain.ts", "export const publicAction = (..._: unknown[]) => async () => 1;\n");
    write("src/lib/db.ts", "// a comment\n/* import x from '@/features/a/fake' */\nexport const db = `import('@/features/a/fake')`;\n");
    write(
      "src/features/a/x.ts",
      [
        'import type { T } from "@/features/b/y";',
        'export { db } from "@/lib/db";',
        'export const load = () => import("../b/y");',
        'import "zod";',
        "export type U = T;",
      ].join("\n"),
    );
    write("src/features/b/y.tsx", 'import { db } from "@/lib/db";\nexport type T = number;\nexport const Y = () => <div>{String(db)}</div>;\n');
    write("src/generated/skip.ts", 'import "@/features/a/x";\n');
    write(
      "src/features/a/actions.ts",
      [
        '"use server";',
        'import { publicAction } from "@/lib/chain";',
        "export type TIn = { a: number };",
        "/** Fine. */",
        "export const okAction = publicAction({});",
        "export async function bareAction() {}",
        "export const alsoBare = async () => 1;",
      ].join("\n"),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("sees import type, export … from, import() and side-effect imports with their lines; not comments or strings", () => {
    const facts = readImportFacts(root, ["src/generated"]);
    const byFile = Object.fromEntries(facts.map((f) => [f.file, f]));
    expect(Object.keys(byFile).sort()).toEqual([
      "src/features/a/actions.ts",
      "src/features/a/x.ts",
      "src/features/b/y.tsx",
      "src/lib/chain.ts",
      "src/lib/db.ts",
    ]);
    expect(byFile["src/lib/db.ts"]!.imports).toEqual([]);
    expect(byFile["src/features/a/x.ts"]!.imports).toEqual([
      { specifier: "@/features/b/y", line: 1, resolved: "src/features/b/y.tsx" },
      { specifier: "@/lib/db", line: 2, resolved: "src/lib/db.ts" },
      { specifier: "../b/y", line: 3, resolved: "src/features/b/y.tsx" },
      { specifier: "zod", line: 4, resolved: null },
    ]);
    expect(byFile["src/features/a/actions.ts"]!.serverActions).toEqual([
      { name: "okAction", line: 5, callee: "publicAction", calleeFrom: "src/lib/chain.ts" },
      { name: "bareAction", line: 6, callee: null, calleeFrom: null },
      { name: "alsoBare", line: 7, callee: null, calleeFrom: null },
    ]);
    expect(byFile["src/features/a/x.ts"]!.serverActions).toBeUndefined();
  }, 60_000);
});
