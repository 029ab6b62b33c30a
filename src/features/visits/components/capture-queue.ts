"use client";

// The counter's outbox. Every capture is written to IndexedDB before it is sent, so it survives a
// dropped network, a reload or a closed tab; it is sent in the order captured, each with its own
// id as Idempotency-Key, so a resend after a lost answer is recorded once. A capture the server
// refuses (voucher redeemed elsewhere meanwhile) stays as a visible conflict until dismissed.

export type TQueuedCapture = {
  id: string;
  merchantSlug: string;
  createdAt: string;
  label: string;
  payload: Record<string, unknown>;
  state: "pending" | "conflict";
  error?: string;
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

export type TSyncOutcome = { sent: number; conflicts: number; offline: boolean };

let syncing: Promise<TSyncOutcome> | null = null;

/** Sends pending captures oldest first; stops at the first network failure to keep the order. */
export function syncCaptures(merchantSlug: string): Promise<TSyncOutcome> {
  syncing ??= (async () => {
    const outcome: TSyncOutcome = { sent: 0, conflicts: 0, offline: false };
    try {
      for (const c of await listCaptures(merchantSlug)) {
        if (c.state !== "pending") continue;
        let res: Response;
        try {
          res = await fetch(`/m/${merchantSlug}/counter/captures`, {
            method: "POST",
            headers: { "content-type": "application/json", "idempotency-key": c.id },
            body: JSON.stringify(c.payload),
          });
        } catch {
          outcome.offline = true;
          break;
        }
        if (res.ok) {
          await deleteCapture(c.id);
          outcome.sent += 1;
          continue;
        }
        const isProblem = res.headers.get("content-type")?.includes("json");
        if (!isProblem || res.status === 401 || res.status >= 500) {
          // Signed out, redirected or a server hiccup: keep it pending and try again later.
          outcome.offline = true;
          break;
        }
        const problem = (await res.json()) as { detail?: string };
        await putCapture({ ...c, state: "conflict", error: problem.detail ?? "The server refused this capture." });
        outcome.conflicts += 1;
      }
    } finally {
      syncing = null;
    }
    return outcome;
  })();
  return syncing;
}
