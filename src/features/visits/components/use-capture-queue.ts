"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import type { TCounterCapturePayload } from "../schemas";
import type { THoldReason } from "./capture-outcome";
import { deleteCapture, listCaptures, putCapture, syncCaptures, type TQueuedCapture } from "./capture-queue";

const OFFLINE_CACHE = "regulars-counter-v1";

/** Stores this page and the files it loaded, so a reload with no network still opens the counter. */
async function keepForOffline() {
  if (!("caches" in window)) return;
  const cache = await caches.open(OFFLINE_CACHE);
  const assets = performance
    .getEntriesByType("resource")
    .map((e) => e.name)
    .filter((u) => u.startsWith(`${location.origin}/_next/static/`));
  await Promise.all([location.href.split("#")[0]!, ...assets].map((u) => cache.add(u).catch(() => {})));
}

/**
 * The counter's side of the outbox (capture-queue.ts): the captures on this tablet, whether the
 * network is up, and why the last sync left some waiting. It syncs on load, when the network comes
 * back and every 15 s, and registers the service worker that lets the counter open offline.
 */
export function useCaptureQueue(merchantSlug: string) {
  const router = useRouter();
  const [online, setOnline] = useState(true);
  const [queue, setQueue] = useState<TQueuedCapture[]>([]);
  /** Why the last sync left captures waiting; the session ones need the person at the counter. */
  const [held, setHeld] = useState<THoldReason | null>(null);
  /** The server's words for a hold (the suspension's reason). */
  const [heldMessage, setHeldMessage] = useState<string | null>(null);

  const refreshQueue = useCallback(async () => setQueue(await listCaptures(merchantSlug)), [merchantSlug]);
  const sync = useCallback(async () => {
    const outcome = await syncCaptures(merchantSlug);
    setHeld(outcome.held);
    setHeldMessage(outcome.heldMessage ?? null);
    await refreshQueue();
    if (outcome.sent > 0) router.refresh();
    if (outcome.conflicts > 0) toast.error("A capture could not be recorded — see “Needs attention”.");
    return outcome;
  }, [merchantSlug, refreshQueue, router]);

  useEffect(() => {
    setOnline(navigator.onLine);
    void refreshQueue().then(() => sync());
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    const timer = window.setInterval(() => navigator.onLine && void sync(), 15_000);
    // Cache the page once the worker is active: a reload with the network gone is answered by the
    // active worker, so filling the cache before it activates would leave a window where it is not.
    if ("serviceWorker" in navigator)
      void navigator.serviceWorker
        .register("/counter-sw.js")
        .then(() => navigator.serviceWorker.ready)
        .then(keepForOffline)
        .catch(() => {});
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
      window.clearInterval(timer);
    };
  }, [refreshQueue, sync]);

  /**
   * Keeps a capture on the tablet (durably, before anything else happens) under its id (born with
   * its form), which is also its Idempotency-Key; `replaces`, a refused copy it corrects, goes only once it is stored
   * (the server recorded nothing for that one).
   */
  const store = useCallback(
    async (id: string, payload: TCounterCapturePayload, label: string, replaces?: string) => {
      const capture: TQueuedCapture = { id, merchantSlug, createdAt: new Date().toISOString(), label, payload, state: "pending" };
      await putCapture(capture);
      if (replaces) await deleteCapture(replaces);
      await refreshQueue();
    },
    [merchantSlug, refreshQueue],
  );

  /** Sends what is stored (when online) and says what became of the capture just stored. */
  const sendStored = useCallback(
    async (label: string) => {
      const outcome = navigator.onLine ? await sync() : { sent: 0, conflicts: 0, held: "offline" as const };
      if (outcome.held === "signed-out" || outcome.held === "wrong-account") toast.message(`Saved on this tablet — sign in to send ${label}.`);
      else if (outcome.held === "suspended") toast.message(`Saved on this tablet — ${label} waits while the business is suspended.`);
      else if (outcome.held) toast.message(`Saved on this tablet — ${label} will sync when the network is back.`);
      else if (outcome.sent > 0 && outcome.conflicts === 0) toast.success(`Recorded ${label}.`);
    },
    [sync],
  );

  const discard = useCallback(
    async (id: string) => {
      await deleteCapture(id);
      await refreshQueue();
    },
    [refreshQueue],
  );

  return {
    online,
    pending: queue.filter((c) => c.state === "pending"),
    conflicts: queue.filter((c) => c.state === "conflict"),
    held,
    heldMessage,
    /** A lookup answered 401: the same signed-out banner as captures raise. */
    markSignedOut: useCallback(() => setHeld("signed-out"), []),
    store,
    sendStored,
    discard,
  };
}
