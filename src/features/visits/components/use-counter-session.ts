"use client";

import { useCallback, useEffect, useState } from "react";
import { signOutTo } from "@/lib/sign-out";
import type { TCounterCustomer } from "../schemas";

/** A PIN session locks itself after this long without a touch (not while a capture is being filled in). */
export const COUNTER_IDLE_LOCK_MS = 3 * 60_000;
/** How many of the merchant's most recent customers the tablet keeps for offline search. */
const OFFLINE_CUSTOMERS_KEY = (slug: string) => `regulars-counter-customers:${slug}`;

/**
 * Lock (and Switch staff) for a PIN session: sign out to the PIN pad, which comes back to the
 * counter. With `idleLock`, it also locks after COUNTER_IDLE_LOCK_MS without a touch.
 */
export function useCounterLock(merchantSlug: string, idleLock: boolean) {
  const signInAgain = `/sign-in?callbackUrl=${encodeURIComponent(`/m/${merchantSlug}/counter`)}`;
  const lock = useCallback(() => void signOutTo(signInAgain), [signInAgain]);
  useEffect(() => {
    if (!idleLock) return;
    let timer = window.setTimeout(lock, COUNTER_IDLE_LOCK_MS);
    const touched = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, COUNTER_IDLE_LOCK_MS);
    };
    const events = ["pointerdown", "keydown", "touchstart"] as const;
    for (const e of events) window.addEventListener(e, touched, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, touched);
    };
  }, [idleLock, lock]);
  return lock;
}

/** The customers for offline search: the page's list, kept on the tablet so a reload without network still searches it. */
export function useOfflineCustomers(merchantSlug: string, fromPage: TCounterCustomer[]) {
  const [offlineCustomers, setOfflineCustomers] = useState(fromPage);
  useEffect(() => {
    const key = OFFLINE_CUSTOMERS_KEY(merchantSlug);
    try {
      if (navigator.onLine && fromPage.length) localStorage.setItem(key, JSON.stringify(fromPage));
      else setOfflineCustomers(JSON.parse(localStorage.getItem(key) ?? "null") ?? fromPage);
    } catch {
      // Storage full or unavailable: the list from the page still works.
    }
  }, [merchantSlug, fromPage]);
  return offlineCustomers;
}
