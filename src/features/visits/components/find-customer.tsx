"use client";

import { ScanLine, UserPlus } from "lucide-react";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { fetchJson } from "@/lib/fetch-json";
import type { TCounterCustomer, TCounterCustomerSearch, TVoucherLookup } from "../schemas";
import type { TCaptureTarget } from "./capture-form";
import { codeOf, looksLikeCode, searchOffline } from "./counter-search";
import { VoucherScanner } from "./voucher-scanner";
import { QuickAdd } from "./walk-in-form";

/** The counter's first step: a voucher code to redeem, a customer to find, or a walk-in to add. */
export function FindCustomer({
  merchantSlug,
  online,
  onPick,
  offlineCustomers,
  onSignedOut,
}: {
  merchantSlug: string;
  online: boolean;
  onPick: (t: TCaptureTarget) => void;
  offlineCustomers: TCounterCustomer[];
  /** A lookup answered 401: the same signed-out banner as captures raise. */
  onSignedOut: () => void;
}) {
  const [q, setQ] = useState("");
  /** The last answer and the term it is for: "no match" shows only once the search for what is typed came back. */
  const [found, setFound] = useState<{ q: string; results: TCounterCustomer[]; offline?: boolean } | null>(null);
  const results = found?.results ?? [];
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [adding, setAdding] = useState(false);
  const [scanning, setScanning] = useState(false);

  useEffect(() => {
    setError(null);
    if (q.trim().length < 2 || looksLikeCode(q)) return setFound(null);
    // Offline: the customers kept on this tablet (the common case: someone who came recently).
    if (!online) return setFound({ q, results: searchOffline(offlineCustomers, q), offline: true });
    const ctrl = new AbortController();
    const t = window.setTimeout(async () => {
      const res = await fetchJson<TCounterCustomerSearch>(`/m/${merchantSlug}/counter/customers?q=${encodeURIComponent(q)}`, { signal: ctrl.signal });
      if (res?.ok) setFound({ q, results: res.data.data });
      else if (res?.status === 401) onSignedOut();
      else if (!res && !ctrl.signal.aborted) setFound({ q, results: searchOffline(offlineCustomers, q), offline: true });
    }, 150);
    return () => {
      ctrl.abort();
      window.clearTimeout(t);
    };
  }, [q, merchantSlug, online, offlineCustomers, onSignedOut]);

  async function redeem(code: string) {
    const clean = codeOf(code);
    setChecking(true);
    const res = await fetchJson<TVoucherLookup>(`/m/${merchantSlug}/counter/vouchers/${encodeURIComponent(clean)}`);
    setChecking(false);
    if (res?.status === 401) {
      onSignedOut();
      return setError("Signed out: sign in again to check this voucher. Nothing was recorded.");
    }
    if (!res?.ok) {
      // Offline: take it now, the server checks it when the capture syncs.
      onPick({ label: `Voucher ${clean}`, voucherCode: clean, verified: false });
      return;
    }
    const v = res.data;
    if (!v.ok) return setError(v.message);
    onPick({ label: v.customer?.name || v.purchaserName || `Voucher ${v.code}`, voucherCode: v.code, dealTitle: v.dealTitle, verified: true });
  }

  if (adding) return <QuickAdd initial={q} onCancel={() => setAdding(false)} onAdd={(customer, label) => onPick({ label, customer, verified: true })} />;

  return (
    <div className="space-y-4">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (looksLikeCode(q)) void redeem(q);
        }}
        className="space-y-2"
      >
        <Label htmlFor="counter-find" className="text-base">
          Voucher code, or find a customer
        </Label>
        <div className="flex gap-2">
          <Input
            id="counter-find"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="CL-7K3M-Q9TX, a name, phone or email"
            maxLength={254}
            className="h-14 min-w-0 text-lg"
            autoComplete="off"
            autoCapitalize="characters"
            autoFocus
          />
          {typeof window !== "undefined" && "BarcodeDetector" in window && (
            <Button type="button" variant="outline" size="xl" aria-label="Scan a voucher" onClick={() => setScanning(true)}>
              <ScanLine aria-hidden />
            </Button>
          )}
        </div>
        {looksLikeCode(q) && (
          <Button type="submit" size="xl" className="w-full" disabled={checking}>
            {checking ? "Checking…" : `Redeem ${codeOf(q)}`}
          </Button>
        )}
      </form>
      {scanning && (
        <VoucherScanner
          onCode={(code) => {
            setScanning(false);
            setQ(code);
            void redeem(code);
          }}
          onClose={() => setScanning(false)}
        />
      )}
      {error && (
        <Alert variant="error" title="Not redeemed">
          {error}
        </Alert>
      )}
      {results.length > 0 && (
        <ul className="grid gap-2 sm:grid-cols-2" aria-label="Matching customers">
          {results.map((c) => (
            <li key={c.id} className="min-w-0">
              <button
                type="button"
                onClick={() => onPick({ label: c.name, customerId: c.id, verified: true })}
                className="flex min-h-16 w-full flex-col items-start justify-center rounded-xl border border-slate-200 px-4 py-2 text-left hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-teal-600"
              >
                <span className="w-full truncate font-medium text-slate-900">{c.name}</span>
                <span className="text-sm text-slate-600">
                  {c.visitCount} visit{c.visitCount === 1 ? "" : "s"}
                  {c.lastRating ? ` · ${"★".repeat(c.lastRating)}` : ""}
                </span>
                <ContactHint customer={c} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {found?.offline && found.q === q && (
        <p className="text-sm text-amber-900" role="status">
          Offline: searching the {offlineCustomers.length} most recent customers kept on this tablet. Finding anyone else needs the network.
        </p>
      )}
      {results.length === 0 && found?.q === q && (
        <p className="text-base text-slate-600" role="status">
          {found.offline ? `None of them matches “${q.trim()}”.` : `No customer’s name, email or phone starts with “${q.trim()}”.`} New here? Add them below.
        </p>
      )}
      <Button type="button" variant="outline" size="xl" className="w-full" onClick={() => setAdding(true)}>
        <UserPlus aria-hidden /> New customer (walk-in)
      </Button>
    </div>
  );
}

/** Tells two customers of the same name apart: the phone's last digits, else the email. */
function ContactHint({ customer: c }: { customer: TCounterCustomer }) {
  const hint = c.phone ? `phone …${c.phone.slice(-4)}` : c.email && c.email !== c.name ? c.email : null;
  return hint ? <span className="w-full truncate text-sm text-slate-500">{hint}</span> : null;
}
