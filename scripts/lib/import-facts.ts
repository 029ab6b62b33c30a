import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { API } from "typescript/unstable/sync";
import {
  isCallExpression,
  isExportAssignment,
  isExportDeclaration,
  isExpressionStatement,
  isIdentifier,
  isImportDeclaration,
  isInterfaceDeclaration,
  isNamedImports,
  isStringLiteral,
  isTypeAliasDeclaration,
  isVariableStatement,
  ModifierFlags,
  skipTrivia,
  SyntaxKind,
  type Node,
  type SourceFile,
  type Statement,
} from "typescript/unstable/ast";
import { resolveSpecifier, type TActionExportFact, type TFileFacts } from "./architecture";

// What each file under src/ imports, read by the TypeScript 7 compiler (its API runs the same
// native compiler as `tsc`, so the parse is exactly the type check's): import declarations,
// `export … from`, `import type`, and `import()` expressions all count.

const SOURCE = /\.(ts|tsx)$/;

function sourceFiles(root: string, dir: string, skip: Set<string>): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (skip.has(rel)) continue;
    if (e.isDirectory()) out.push(...sourceFiles(root, rel, skip));
    else if (SOURCE.test(e.name) && !e.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

/** The 1-based line of a node's first token (node.pos is before its leading comments and whitespace). */
const lineOf = (sf: SourceFile, node: Node) => sf.getLineAndCharacterOfPosition(skipTrivia(sf.text, node.pos)).line + 1;

const hasExportModifier = (statement: Statement) => ((statement as { modifierFlags?: ModifierFlags }).modifierFlags ?? 0) & ModifierFlags.Export;

function isUseServer(sf: SourceFile): boolean {
  for (const s of sf.statements) {
    if (!isExpressionStatement(s) || !isStringLiteral(s.expression)) return false; // past the directive prologue
    if (s.expression.text === "use server") return true;
  }
  return false;
}

/** Each export of a "use server" file, and the imported function that built it, if any. */
function serverActionExports(sf: SourceFile, resolve: (spec: string) => string | null): TActionExportFact[] {
  const importedFrom = new Map<string, string | null>();
  for (const s of sf.statements) {
    if (!isImportDeclaration(s) || !isStringLiteral(s.moduleSpecifier)) continue;
    const bindings = s.importClause?.namedBindings;
    if (bindings && isNamedImports(bindings)) for (const el of bindings.elements) importedFrom.set(el.name.text, resolve(s.moduleSpecifier.text));
  }
  const facts: TActionExportFact[] = [];
  for (const s of sf.statements) {
    if (isTypeAliasDeclaration(s) || isInterfaceDeclaration(s)) continue; // erased; Next allows them
    if (isExportDeclaration(s)) {
      if (s.isTypeOnly) continue;
      facts.push({ name: "export { … }", line: lineOf(sf, s), callee: null, calleeFrom: null });
      continue;
    }
    if (isExportAssignment(s)) {
      facts.push({ name: "default", line: lineOf(sf, s), callee: null, calleeFrom: null });
      continue;
    }
    if (!hasExportModifier(s)) continue;
    if (isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const name = isIdentifier(d.name) ? d.name.text : "(pattern)";
        const init = d.initializer;
        const callee = init && isCallExpression(init) && isIdentifier(init.expression) ? init.expression.text : null;
        facts.push({ name, line: lineOf(sf, d), callee, calleeFrom: callee ? (importedFrom.get(callee) ?? null) : null });
      }
      continue;
    }
    const name = (s as { name?: Node }).name;
    facts.push({ name: name && isIdentifier(name) ? name.text : "(declaration)", line: lineOf(sf, s), callee: null, calleeFrom: null });
  }
  return facts;
}

/**
 * The import facts of every .ts/.tsx file under `root`/src (`skip`: repo-relative paths left out,
 * such as generated code).
 */
export function readImportFacts(root: string, skip: string[] = []): TFileFacts[] {
  const files = sourceFiles(root, "src", new Set(skip));
  // A project of just these files, parsed without following their imports (noResolve, no lib):
  // the graph is built from the specifiers, so the type information of node_modules is not needed.
  const dir = mkdtempSync(path.join(tmpdir(), "architecture-"));
  const tsconfig = path.join(dir, "tsconfig.json");
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: { noResolve: true, noLib: true, types: [], jsx: "preserve", allowJs: false },
      files: files.map((f) => path.join(root, f)),
    }),
  );
  const api = new API({ cwd: root });
  try {
    const snapshot = api.updateSnapshot({ openProjects: [tsconfig] });
    const program = snapshot.getProjects()[0]!.program;
    const exists = (f: string) => existsSync(path.join(root, f)) && statSync(path.join(root, f)).isFile();
    return files.map((file) => {
      const sf = program.getSourceFile(path.join(root, file));
      if (!sf) throw new Error(`${file}: the TypeScript compiler did not parse it`);
      const resolve = (spec: string) => resolveSpecifier(file, spec, exists);
      const imports = sf.imports
        .filter((n) => isStringLiteral(n) || n.kind === SyntaxKind.NoSubstitutionTemplateLiteral)
        .map((n) => {
          const specifier = (n as unknown as { text: string }).text;
          return { specifier, line: lineOf(sf, n), resolved: resolve(specifier) };
        })
        .sort((a, b) => a.line - b.line);
      const facts: TFileFacts = { file, imports };
      if (isUseServer(sf)) facts.serverActions = serverActionExports(sf, resolve);
      return facts;
    });
  } finally {
    api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
