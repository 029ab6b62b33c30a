import { describe, expect, it } from "vitest";
import { AppError, appErrorFromDatabase, sqlRefusalOf, sqlStateOf, toPublicError } from "./errors";

// The shapes PostgreSQL errors arrive in (seen in tests/integration/bad-input.test.ts against a real server).
const prismaError = (originalCode: string, message = "") =>
  Object.assign(new Error(message), {
    name: "PrismaClientKnownRequestError",
    code: "P2010",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode, kind: "postgres", message } } },
  });
const adapterError = (originalCode: string) => Object.assign(new Error("x"), { name: "DriverAdapterError", cause: { originalCode } });
const pgError = (code: string) => Object.assign(new Error("x"), { code, severity: "ERROR" });

describe("database errors", () => {
  it("finds the SQLSTATE in Prisma's, the adapter's and node-postgres's errors", () => {
    expect(sqlStateOf(prismaError("22P02"))).toBe("22P02");
    expect(sqlStateOf(adapterError("23505"))).toBe("23505");
    expect(sqlStateOf(pgError("22021"))).toBe("22021");
    expect(sqlStateOf(new Error("x", { cause: pgError("22003") }))).toBe("22003");
    // Prisma's own codes are not SQLSTATEs.
    expect(sqlStateOf(Object.assign(new Error("x"), { name: "PrismaClientKnownRequestError", code: "P2002" }))).toBeNull();
  });

  it.each([
    ["22P02", 400],
    ["22003", 400],
    ["22021", 400],
    ["22007", 400],
    ["22008", 400],
    ["22001", 400],
    ["22012", 400],
    ["23502", 400],
    ["23514", 400],
    ["23505", 409],
    ["23P01", 409],
    ["23503", 404],
  ])("maps %s to %i with a message that quotes nothing of the database", (state, status) => {
    const e = appErrorFromDatabase(prismaError(state, 'Key (email)=(secret@example.com) already exists in "customers_email_key"'));
    expect(e?.status).toBe(status);
    expect(e?.message).not.toMatch(/secret|customers_/);
    expect(toPublicError(pgError(state)).status).toBe(status);
  });

  it("tells a delete still referenced (409) from a reference to nothing (404)", () => {
    expect(appErrorFromDatabase(prismaError("23503", 'update or delete on table "groups" violates foreign key constraint'))?.status).toBe(409);
  });

  it("leaves bugs and outages as 500s with a reference", () => {
    for (const err of [prismaError("42703"), prismaError("08006"), new TypeError("x"), null]) {
      expect(appErrorFromDatabase(err)).toBeNull();
      expect(toPublicError(err).status).toBe(500);
    }
    expect(toPublicError(new AppError("PAYLOAD_TOO_LARGE", "too big")).status).toBe(413);
  });
});

describe("sqlRefusalOf", () => {
  // RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'voucher_redeemed', DETAIL = '{"redeemedBy":"Sam"}',
  // as node-postgres and Prisma deliver it (seen against a real server).
  it("reads the reason code and the JSON facts by SQLSTATE, from node-postgres and from Prisma", () => {
    const pg = Object.assign(new Error("voucher_redeemed"), { code: "RG001", severity: "ERROR", detail: '{"redeemedBy":"Sam"}' });
    const prisma = Object.assign(new Error("Raw query failed. Code: `RG001`. Message: `voucher_redeemed`"), {
      name: "PrismaClientKnownRequestError",
      code: "P2010",
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: { originalCode: "RG001", kind: "postgres", code: "RG001", message: "voucher_redeemed", detail: '{"redeemedBy":"Sam"}' },
        },
      },
    });
    for (const err of [pg, prisma]) expect(sqlRefusalOf(err)).toEqual({ reason: "voucher_redeemed", detail: { redeemedBy: "Sam" } });
    expect(sqlRefusalOf(Object.assign(new Error("voucher_void"), { code: "RG001", severity: "ERROR" }))).toEqual({ reason: "voucher_void", detail: {} });
  });

  it("ignores every other error, whatever its text says", () => {
    expect(sqlRefusalOf(Object.assign(new Error('{"capture":"voucher_void"}'), { code: "P0001", severity: "ERROR" }))).toBeNull();
    expect(sqlRefusalOf(new Error("RG001"))).toBeNull();
  });
});
