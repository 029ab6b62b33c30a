import { describe, expect, it } from "vitest";
import { roleProblem, type TRoleFacts } from "./db-role";

// The startup role check's verdicts (the facts themselves are read from a live server in
// tests/integration/roles.test.ts).
const fine: TRoleFacts = { role: "regulars_app", superuser: false, bypassrls: false, owns: null, wideSet: true, wideInherited: false };

describe("roleProblem", () => {
  it("accepts an unprivileged role that may SET the wide role without inheriting it", () => {
    expect(roleProblem(fine)).toBeNull();
  });

  it("refuses when the wide role is missing, inherited, or may not be set, and says how to grant it", () => {
    expect(roleProblem({ ...fine, wideSet: null, wideInherited: null })).toMatch(
      /the role regulars_wide does not exist.*CREATE ROLE regulars_wide NOLOGIN; GRANT regulars_wide TO regulars_app WITH INHERIT FALSE, SET TRUE/,
    );
    expect(roleProblem({ ...fine, wideInherited: true })).toMatch(
      /"regulars_app": it inherits the rights of regulars_wide.*every row of every merchant query.*WITH INHERIT FALSE, SET TRUE/,
    );
    expect(roleProblem({ ...fine, wideSet: false })).toMatch(/may not SET ROLE regulars_wide.*WITH INHERIT FALSE, SET TRUE/);
  });

  it("names a privileged role's problems first, not the wide role's (a superuser passes every membership test)", () => {
    const problem = roleProblem({ ...fine, role: "postgres", superuser: true, bypassrls: true, owns: "regulars_owner", wideInherited: true });
    expect(problem).toMatch(/^Refusing to run as database role "postgres": it is a superuser, and can bypass/);
    expect(problem).not.toMatch(/regulars_wide/);
  });
});
