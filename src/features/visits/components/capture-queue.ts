"use client";

// The counter's outbox. Every capture is written to IndexedDB before it is sent, so it survives a
// dropped network, a reload or a closed tab; it is sent in the order captured, each with its own
// id as Idempotency-Key, so a resend after a lost answer is recorded once. A capture the server
// refuses (voucher redeemed elsewhere meanwhile) stays as a visible conflict until dismissed;
// one refused for its input (a walk-in's contact that is not a phone) can be edited and sent again.
// A capture is deleted only when the server's answer names it (capture-outcome.ts).

import type { TCounterCapturePayload } from "../schemas";
import { judgeCaptureAnswer, type TCaptureAnswer, type THoldReason } from "./capture-outcome";

export type TQueuedCapture = {
  id: string;
  merchantSlug: string;
  createdAt: string;
  label: string;
  payload: TCounterCapturePayload;
  state: "pending" | "conflict";
  error?: string;
  /** The server refused the capture's input: staff can edit it and send it again. */
  fixable?: boolean;
};

const DB_NAME = "regulars-counter";
const STORE = "captures";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "id" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
  });
}

export const putCapture = (c: TQueuedCapture) => run("readwrite", (s) => s.put(c));
export const deleteCapture = (id: string) => run("readwrite", (s) => s.delete(id));

export async function listCaptures(merchantSlug: string): Promise<TQueuedCapture[]> {
  const all = (await run("readonly", (s) => s.getAll())) as TQueuedCapture[];
  return all.filter((c) => c.merchantSlug === merchantSlug).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** `held` says why the rest of the queue is still waiting (null: nothing held back). */
export type TSyncOutcome = { sent: number; conflicts: number; held: THoldReason | null; heldMessage?: string };

async function readAnswer(res: Response): Promise<TCaptureAnswer> {
  const contentType = res.headers.get("content-type");
  const body = /json/i.test(contentType ?? "") ? await res.json().catch(() => undefined) : undefined;
  return { status: res.status, type: res.type, redirected: res.redirected, contentType, body };
}

let syncing: Promise<TSyncOutcome> | null = null;

/** Sends pending captures oldest first; stops at the first one held back, to keep the order. */
export function syncCaptures(merchantSlug: string): Promise<TSyncOutcome> {
  syncing ??= (async () => {
    const outcome: TSyncOutcome = { sent: 0, conflicts: 0, held: null };
    try {
      for (const c of await listCaptures(merchantSlug)) {
        if (c.state !== "pending") continue;
        let answer: TCaptureAnswer | null = null;
        try {
          const res = await fetch(`/m/${merchantSlug}/counter/captures`, {
            method: "POST",
            // "manual": a redirect to the sign-in page must not be followed to a 200 that looks like success.
            redirect: "manual",
            headers: { "content-type": "application/json", accept: "application/json", "idempotency-key": c.id },
            body: JSON.stringify(c.payload),
          });
          answer = await readAnswer(res);
        } catch {
          answer = null;
        }
        const verdict = judgeCaptureAnswer(c.id, answer);
        if (verdict.kind === "confirmed") {
          await deleteCapture(c.id);
          outcome.sent += 1;
        } else if (verdict.kind === "conflict") {
          await putCapture({ ...c, state: "conflict", error: verdict.message, ...(verdict.fixable ? { fixable: true } : {}) });
          outcome.conflicts += 1;
        } else {
          outcome.held = verdict.reason;
          if (verdict.message) outcome.heldMessage = verdict.message;
          break;
        }
      }
    } finally {
      syncing = null;
    }
    return outcome;
  })();
  return syncing;
}
