"use client";

import { Check, CloudOff, Loader2, Lock, LogIn, LogOut, Minus, Plus, ScanLine, Star, Undo2, UserPlus, Users, Wifi } from "lucide-react";
import { signOutTo } from "@/lib/sign-out";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { fetchJson } from "@/lib/fetch-json";
import { formatMoney, parseMoneyToCents } from "@/lib/money";
import { cn } from "@/lib/utils";
import type { TCounterCustomer, TCounterCustomerSearch, TRecentCapture, TVisitCorrected, TVisitUndone, TVoucherLookup } from "../schemas";
import type { THoldReason } from "./capture-outcome";
import { codeOf, looksLikeCode, searchOffline } from "./counter-search";
import { CONTACT_MAX, NAME_MAX, walkInCustomer, walkInFields, type TWalkInErrors, type TWalkInFields } from "./walk-in";
import { deleteCapture, listCaptures, putCapture, syncCaptures, type TQueuedCapture } from "./capture-queue";

type TTarget = { label: string; customerId?: string; customer?: Record<string, string>; voucherCode?: string; dealTitle?: string; verified: boolean };

const UNDO_MS = 10 * 60_000;
/** A PIN session locks itself after this long without a touch (not while a capture is being filled in). */
export const COUNTER_IDLE_LOCK_MS = 3 * 60_000;
/** How long "Undo" waits for its confirmation before it goes back to a plain button. */
const UNDO_CONFIRM_MS = 5_000;
/** How many of the merchant's most recent customers the tablet keeps for offline search. */
const OFFLINE_CUSTOMERS_KEY = (slug: string) => `regulars-counter-customers:${slug}`;
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
export function CounterApp(props: {
  merchantSlug: string;
  merchantName: string;
  currency: string;
  tags: string[];
  recent: TRecentCapture[];
  userId: string;
  canCorrectAny: boolean;
  defaultPartySize: number;
  /** The merchant's most recent customers, kept on the tablet for offline search. */
  offlineCustomers: TCounterCustomer[];
  /** A PIN session ("counter") gets Switch staff and Lock; a password session gets Sign out. */
  session: { kind: "counter" | "password"; name: string };
}) {
  const router = useRouter();
  const [online, setOnline] = useState(true);
  const [queue, setQueue] = useState<TQueuedCapture[]>([]);
  const [target, setTarget] = useState<TTarget | null>(null);
  /** A refused capture being edited: sent again as a new capture, and the refused copy removed once the new one is saved. */
  const [resending, setResending] = useState<TQueuedCapture | null>(null);
  /** Why the last sync left captures waiting; the session ones need the person at the counter. */
  const [held, setHeld] = useState<THoldReason | null>(null);
  const [heldMessage, setHeldMessage] = useState<string | null>(null);

  const refreshQueue = useCallback(async () => setQueue(await listCaptures(props.merchantSlug)), [props.merchantSlug]);
  const sync = useCallback(async () => {
    const outcome = await syncCaptures(props.merchantSlug);
    setHeld(outcome.held);
    setHeldMessage(outcome.heldMessage ?? null);
    await refreshQueue();
    if (outcome.sent > 0) router.refresh();
    if (outcome.conflicts > 0) toast.error("A capture could not be recorded — see “Needs attention”.");
    return outcome;
  }, [props.merchantSlug, refreshQueue, router]);

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

  async function record(payload: Record<string, unknown>, label: string) {
    const capture: TQueuedCapture = { id: crypto.randomUUID(), merchantSlug: props.merchantSlug, createdAt: new Date().toISOString(), label, payload, state: "pending" };
    await putCapture(capture); // durable before anything else happens
    // The refused copy goes only once its correction is stored (the server recorded nothing for it).
    if (resending) await deleteCapture(resending.id);
    setResending(null);
    await refreshQueue();
    setTarget(null);
    const outcome = navigator.onLine ? await sync() : { sent: 0, conflicts: 0, held: "offline" as const };
    if (outcome.held === "signed-out" || outcome.held === "wrong-account") toast.message(`Saved on this tablet — sign in to send ${label}.`);
    else if (outcome.held === "suspended") toast.message(`Saved on this tablet — ${label} waits while the business is suspended.`);
    else if (outcome.held) toast.message(`Saved on this tablet — ${label} will sync when the network is back.`);
    else if (outcome.sent > 0 && outcome.conflicts === 0) toast.success(`Recorded ${label}.`);
  }

  // The tablet keeps the latest list it was given, so a reload without network still searches it.
  const [offlineCustomers, setOfflineCustomers] = useState(props.offlineCustomers);
  useEffect(() => {
    const key = OFFLINE_CUSTOMERS_KEY(props.merchantSlug);
    try {
      if (navigator.onLine && props.offlineCustomers.length) localStorage.setItem(key, JSON.stringify(props.offlineCustomers));
      else setOfflineCustomers(JSON.parse(localStorage.getItem(key) ?? "null") ?? props.offlineCustomers);
    } catch {
      // Storage full or unavailable: the list from the page still works.
    }
  }, [props.merchantSlug, props.offlineCustomers]);

  const signInAgain = `/sign-in?callbackUrl=${encodeURIComponent(`/m/${props.merchantSlug}/counter`)}`;
  const lock = useCallback(() => void signOutTo(signInAgain), [signInAgain]);
  // A PIN session locks itself when the counter is left alone (not while a capture is being filled in).
  useEffect(() => {
    if (props.session.kind !== "counter" || target) return;
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
  }, [props.session.kind, target, lock]);

  const pending = queue.filter((c) => c.state === "pending");
  const conflicts = queue.filter((c) => c.state === "conflict");
  const needsSignIn = held === "signed-out" || held === "wrong-account";

  return (
    <div className="min-h-dvh bg-slate-50">
      <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-5 py-3">
        <div className="min-w-0">
          <h1 className="truncate text-xl font-semibold text-slate-900">{props.merchantName} counter</h1>
          <p className="truncate text-sm text-slate-600">{props.session.name}</p>
        </div>
        <div className="flex items-center gap-2" role="group" aria-label="Session">
          {props.session.kind === "counter" ? (
            <>
              <Button variant="outline" size="lg" onClick={lock}><Users aria-hidden /> Switch staff</Button>
              <Button variant="outline" size="lg" onClick={lock}><Lock aria-hidden /> Lock</Button>
            </>
          ) : (
            <Button variant="outline" size="lg" onClick={() => void signOutTo("/sign-in")}><LogOut aria-hidden /> Sign out</Button>
          )}
        </div>
        <div className="flex items-center gap-3 text-sm" role="status" aria-live="polite">
          {pending.length > 0 && <span className="rounded-full bg-amber-100 px-3 py-1 font-medium text-amber-900">{pending.length} waiting to sync</span>}
          {online ? (
            <span className="flex items-center gap-1.5 text-emerald-800"><Wifi className="size-4" aria-hidden /> Online</span>
          ) : (
            <span className="flex items-center gap-1.5 font-medium text-amber-900"><CloudOff className="size-4" aria-hidden /> Offline — captures are kept on this tablet</span>
          )}
        </div>
      </header>
      {held === "suspended" && (
        <div role="alert" className="border-b border-red-200 bg-red-50 px-5 py-4 text-red-950">
          <p className="text-lg font-semibold">{heldMessage ?? "This business is suspended. Contact support."}</p>
          <p className="text-sm">{pending.length === 1 ? "1 capture is" : `${pending.length} captures are`} kept on this tablet and will be sent when the business is active again.</p>
        </div>
      )}
      {needsSignIn && <SignInToSend reason={held} waiting={pending.length} merchantSlug={props.merchantSlug} />}
      {/* Side by side only from xl: at 1024 px beside the menu the capture card was too narrow for its 48 px buttons. */}
      <div className="grid gap-5 p-5 xl:grid-cols-[1fr_22rem]">
        <section aria-label="Capture" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
          {target ? (
            <CaptureForm
              key={resending?.id ?? "new"}
              target={target}
              tags={props.tags}
              currency={props.currency}
              defaultPartySize={props.defaultPartySize}
              initial={resending?.payload}
              problem={resending?.error}
              onCancel={() => { setTarget(null); setResending(null); }}
              onDone={(payload, label) => record(payload, label ?? target.label)}
            />
          ) : (
            <FindCustomer merchantSlug={props.merchantSlug} online={online} onPick={setTarget} offlineCustomers={offlineCustomers} onSignedOut={() => setHeld("signed-out")} />
          )}
        </section>
        <aside className="space-y-5">
          {conflicts.length > 0 && (
            <section aria-label="Needs attention" className="rounded-2xl border border-red-200 bg-white p-4">
              <h2 className="mb-2 font-semibold text-red-900">Needs attention</h2>
              <ul className="space-y-2">
                {conflicts.map((c) => (
                  <ConflictItem
                    key={c.id}
                    capture={c}
                    currency={props.currency}
                    onEdit={() => {
                      const p = c.payload as { customerId?: string; customer?: Record<string, string>; voucherCode?: string };
                      setResending(c);
                      setTarget({ label: c.label, customerId: p.customerId, customer: p.customer, voucherCode: p.voucherCode, verified: true });
                      window.scrollTo({ top: 0, behavior: "smooth" });
                    }}
                    onDiscard={async () => { await deleteCapture(c.id); await refreshQueue(); }}
                  />
                ))}
              </ul>
            </section>
          )}
          <section aria-label="Recent captures" className="rounded-2xl border border-slate-200 bg-white p-4">
            <h2 className="mb-2 font-semibold text-slate-900">Recent</h2>
            {pending.length === 0 && props.recent.length === 0 && <p className="text-sm text-slate-600">Nothing recorded yet today.</p>}
            <ul className="divide-y divide-slate-100">
              {pending.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <span className="min-w-0 truncate font-medium text-slate-800">{c.label}</span>
                  {needsSignIn ? (
                    <span className="text-amber-800">Waiting for sign-in</span>
                  ) : (
                    <span className="flex items-center gap-1 text-amber-800"><Loader2 className="size-3.5 animate-spin" aria-hidden /> Pending</span>
                  )}
                </li>
              ))}
              {props.recent.map((r) => (
                <RecentRow key={r.id} r={r} currency={props.currency} merchantSlug={props.merchantSlug} canUndo={props.canCorrectAny || (r.staffUserId === props.userId && Date.now() - Date.parse(r.createdAt) < UNDO_MS)} onUndone={() => router.refresh()} />
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}

/** Captures held because the session ended: say so, and offer the way back that returns here. */
function SignInToSend({ reason, waiting, merchantSlug }: { reason: "signed-out" | "wrong-account"; waiting: number; merchantSlug: string }) {
  // On a paired tablet the sign-in page is the PIN pad, which comes back to the counter itself.
  const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(`/m/${merchantSlug}/counter`)}`;
  const count = waiting === 1 ? "1 capture waiting; sign in to send it" : `${waiting} captures waiting; sign in to send them`;
  return (
    <div className="px-5 pt-5">
      <Alert
        variant="warning"
        className="text-base"
        title={reason === "signed-out" ? `Signed out — ${waiting > 0 ? count : "sign in to keep sending captures"}` : `This sign-in can’t record visits here — ${waiting} waiting`}
        action={
          reason === "signed-out" ? (
            <Button asChild size="xl">
              <Link href={signInHref}><LogIn aria-hidden /> Sign in</Link>
            </Button>
          ) : (
            <Button size="xl" onClick={() => void signOutTo(signInHref)}>
              <LogIn aria-hidden /> Sign in as counter staff
            </Button>
          )
        }
      >
        They are kept on this tablet and nothing is lost; they are sent once you are signed in.
      </Alert>
    </div>
  );
}

function RecentRow({ r, currency, merchantSlug, canUndo, onUndone }: { r: TRecentCapture; currency: string; merchantSlug: string; canUndo: boolean; onUndone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [rating, setRating] = useState<number | null>(r.rating);
  const [spend, setSpend] = useState((r.amountCents / 100).toFixed(2));
  const [error, setError] = useState<string | null>(null);
  // Undo takes a second tap within a few seconds; otherwise it goes back to a plain button.
  const [confirmUndo, setConfirmUndo] = useState(false);
  useEffect(() => {
    if (!confirmUndo) return;
    const t = window.setTimeout(() => setConfirmUndo(false), UNDO_CONFIRM_MS);
    return () => window.clearTimeout(t);
  }, [confirmUndo]);

  async function send(method: "DELETE" | "PATCH", body?: unknown) {
    setBusy(true);
    const res = await fetchJson<TVisitUndone | TVisitCorrected>(`/m/${merchantSlug}/counter/captures/${r.id}`, { method, body: body ? JSON.stringify(body) : undefined });
    setBusy(false);
    if (!res) return "You are offline: corrections need the network.";
    if (!res.ok) return res.problem?.detail ?? "That did not work.";
    return null;
  }

  return (
    <li className="py-2 text-sm">
      <div className="flex items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">{r.customerName}{r.redemption && <span className="ml-2 rounded bg-teal-100 px-1.5 text-xs text-teal-900">voucher</span>}</p>
          <p className="truncate text-slate-500">
            <time dateTime={r.occurredAt}>{r.localTime}</time>{r.contactHint ? ` · ${r.contactHint}` : ""}
          </p>
          <p className="text-slate-600">
            {formatMoney(r.amountCents, currency)} · party {r.partySize}{r.rating ? ` · ${"★".repeat(r.rating)}` : ""}{r.tags.length ? ` · ${r.tags.join(", ")}` : ""}
          </p>
        </div>
        {canUndo && (
          <div className="flex shrink-0 gap-1">
            <Button variant="ghost" size="lg" aria-label={`Edit ${r.customerName}`} onClick={() => setEditing(!editing)}>Edit</Button>
            {confirmUndo ? (
              <Button
                variant="destructive"
                size="lg"
                disabled={busy}
                aria-label={`Confirm undo ${r.customerName}`}
                onClick={async () => {
                  setConfirmUndo(false);
                  const err = await send("DELETE");
                  if (err) toast.error(err);
                  else {
                    toast.success(`Undid ${r.customerName}'s visit.`);
                    onUndone();
                  }
                }}
              >
                Tap to undo
              </Button>
            ) : (
              <Button variant="ghost" size="lg" disabled={busy} aria-label={`Undo ${r.customerName}`} onClick={() => setConfirmUndo(true)}>
                <Undo2 aria-hidden /> Undo
              </Button>
            )}
          </div>
        )}
      </div>
      {editing && (
        <form
          className="mt-2 space-y-2 rounded-lg bg-slate-50 p-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const cents = parseMoneyToCents(spend);
            if (cents === null) return setError("Enter an amount like 42.50.");
            const err = await send("PATCH", { amountCents: cents, rating });
            if (err) return setError(err);
            setEditing(false);
            toast.success(`Corrected ${r.customerName}'s visit.`);
            onUndone();
          }}
        >
          <div className="flex gap-1" role="group" aria-label="Rating">
            {[1, 2, 3].map((n) => (
              <Button key={n} type="button" size="lg" variant={rating === n ? "default" : "outline"} aria-pressed={rating === n} aria-label={`${n} star${n > 1 ? "s" : ""}`} onClick={() => setRating(rating === n ? null : n)}>
                {"★".repeat(n)}
              </Button>
            ))}
          </div>
          <div className="flex items-end gap-2">
            <div>
              <Label htmlFor={`edit-spend-${r.id}`} className="text-xs">Spend</Label>
              <Input id={`edit-spend-${r.id}`} inputMode="decimal" value={spend} onChange={(e) => { setSpend(e.target.value); setError(null); }} className="h-12 w-28" />
            </div>
            <Button type="submit" size="lg" disabled={busy}>Save</Button>
          </div>
          {error && <p className="text-xs text-red-700">{error}</p>}
        </form>
      )}
    </li>
  );
}

function FindCustomer({ merchantSlug, online, onPick, offlineCustomers, onSignedOut }: {
  merchantSlug: string;
  online: boolean;
  onPick: (t: TTarget) => void;
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
        <Label htmlFor="counter-find" className="text-base">Voucher code, or find a customer</Label>
        <div className="flex gap-2">
          <Input id="counter-find" value={q} onChange={(e) => setQ(e.target.value)} placeholder="CL-7K3M-Q9TX, a name, phone or email" maxLength={254} className="h-14 min-w-0 text-lg" autoComplete="off" autoCapitalize="characters" autoFocus />
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
      {scanning && <Scanner onCode={(code) => { setScanning(false); setQ(code); void redeem(code); }} onClose={() => setScanning(false)} />}
      {error && <Alert variant="error" title="Not redeemed">{error}</Alert>}
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
                <span className="text-sm text-slate-600">{c.visitCount} visit{c.visitCount === 1 ? "" : "s"}{c.lastRating ? ` · ${"★".repeat(c.lastRating)}` : ""}</span>
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

function WalkInInputs({ fields, errors, onChange, onBlur, autoFocus }: { fields: TWalkInFields; errors: TWalkInErrors; onChange: (f: TWalkInFields) => void; onBlur?: () => void; autoFocus?: boolean }) {
  const field = (key: keyof TWalkInFields, id: string, label: string, extra: Record<string, unknown>) => (
    <div className="min-w-0 space-y-1">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={key}
        value={fields[key]}
        onChange={(e) => onChange({ ...fields, [key]: e.target.value })}
        onBlur={onBlur}
        className="h-12"
        aria-invalid={!!errors[key]}
        aria-describedby={errors[key] ? `${id}-error` : undefined}
        {...extra}
      />
      {errors[key] && <p id={`${id}-error`} className="text-sm text-red-700 [overflow-wrap:anywhere]">{errors[key]}</p>}
    </div>
  );
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      {field("firstName", "qa-first", "First name", { maxLength: NAME_MAX, autoFocus, autoComplete: "off" })}
      {field("lastName", "qa-last", "Last name", { maxLength: NAME_MAX, autoComplete: "off" })}
      {field("contact", "qa-contact", "Phone or email", { maxLength: CONTACT_MAX, inputMode: "email", autoComplete: "off" })}
    </div>
  );
}

function QuickAdd({ initial, onCancel, onAdd }: { initial: string; onCancel: () => void; onAdd: (c: Record<string, string>, label: string) => void }) {
  const [first, ...rest] = looksLikeCode(initial) || initial.includes("@") || /\d{3}/.test(initial) ? [""] : initial.trim().split(/\s+/);
  const [fields, setFields] = useState<TWalkInFields>({ firstName: (first ?? "").slice(0, NAME_MAX), lastName: rest.join(" ").slice(0, NAME_MAX), contact: "" });
  const [errors, setErrors] = useState<TWalkInErrors>({});
  // Checked as it is typed once a field was left (or Continue pressed), so a typo shows before Continue.
  const [checked, setChecked] = useState(false);
  const check = (f: TWalkInFields) => {
    const r = walkInCustomer(f);
    setErrors(r.ok ? {} : r.errors);
    return r;
  };
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setChecked(true);
        const r = check(fields);
        if (r.ok) onAdd(r.customer, r.label);
      }}
    >
      <h2 className="text-lg font-semibold">New customer</h2>
      <WalkInInputs
        fields={fields}
        errors={errors}
        autoFocus
        onChange={(f) => { setFields(f); if (checked || Object.keys(errors).length) check(f); }}
        onBlur={() => { if (fields.contact.trim() || checked) { setChecked(true); check(fields); } }}
      />
      {errors.form && <Alert variant="error">{errors.form}</Alert>}
      <div className="flex gap-2">
        <Button type="button" variant="ghost" size="xl" onClick={onCancel}>Back</Button>
        <Button type="submit" size="xl" className="flex-1">Continue</Button>
      </div>
    </form>
  );
}

/** A capture the server refused: why, and the way forward (edit and resend when its input was at fault). */
function ConflictItem({ capture: c, currency, onEdit, onDiscard }: { capture: TQueuedCapture; currency: string; onEdit: () => void; onDiscard: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const p = c.payload as { amountCents?: number; partySize?: number };
  return (
    <li className="rounded-lg bg-red-50 p-3 text-sm" data-testid="needs-attention-item">
      <p className="font-medium text-red-950 [overflow-wrap:anywhere] line-clamp-2">{c.label}</p>
      <p className="text-red-900 [overflow-wrap:anywhere]">{c.error}</p>
      <p className="text-xs text-red-900/80">
        Captured {new Date(c.createdAt).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" })}
        {typeof p.amountCents === "number" ? ` · ${formatMoney(p.amountCents, currency)}` : ""}{p.partySize ? ` · party ${p.partySize}` : ""} — kept on this tablet, not recorded yet.
      </p>
      {confirming ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <span className="text-red-950">Discard this capture for good?</span>
          <Button variant="destructive" size="lg" onClick={onDiscard}>Yes, discard</Button>
          <Button variant="outline" size="lg" onClick={() => setConfirming(false)}>Keep it</Button>
        </div>
      ) : (
        <div className="mt-2 flex flex-wrap gap-2">
          {c.fixable && <Button size="lg" onClick={onEdit}>Edit and resend</Button>}
          <Button variant="outline" size="lg" onClick={() => setConfirming(true)}>Discard…</Button>
        </div>
      )}
    </li>
  );
}

function CaptureForm({ target, tags, currency, defaultPartySize, initial, problem, onCancel, onDone }: {
  target: TTarget;
  tags: string[];
  currency: string;
  defaultPartySize: number;
  /** A refused capture's payload, to correct and send again. */
  initial?: Record<string, unknown>;
  problem?: string;
  onCancel: () => void;
  onDone: (payload: Record<string, unknown>, label?: string) => void;
}) {
  const init = (initial ?? {}) as { rating?: number; tags?: string[]; partySize?: number; amountCents?: number; occurredAt?: string };
  const [rating, setRating] = useState<number | null>(init.rating ?? null);
  const [chosen, setChosen] = useState<string[]>(init.tags ?? []);
  const [vocabulary, setVocabulary] = useState(() => [...tags, ...(init.tags ?? []).filter((t) => !tags.includes(t))]);
  const [party, setParty] = useState(init.partySize ?? defaultPartySize);
  const [spend, setSpend] = useState(init.amountCents ? (init.amountCents / 100).toFixed(2) : "");
  // A walk-in being resent: its details can be corrected here.
  const [walkIn, setWalkIn] = useState<TWalkInFields | null>(initial && target.customer ? walkInFields(target.customer) : null);
  const [walkInErrors, setWalkInErrors] = useState<TWalkInErrors>(() => (walkIn ? ((r) => (r.ok ? {} : r.errors))(walkInCustomer(walkIn)) : {}));
  const [newTag, setNewTag] = useState("");
  const [spendError, setSpendError] = useState<string | null>(null);
  const toggle = (t: string) => setChosen((c) => (c.includes(t) ? c.filter((x) => x !== t) : [...c, t]));

  function submit() {
    const cents = spend.trim() === "" ? 0 : parseMoneyToCents(spend);
    if (cents === null) return setSpendError("Enter an amount like 42.50.");
    let customer = target.customer;
    let label: string | undefined;
    if (walkIn) {
      const r = walkInCustomer(walkIn);
      if (!r.ok) return setWalkInErrors(r.errors);
      customer = r.customer;
      label = r.label;
    }
    onDone({
      // A resent capture keeps the time it happened.
      occurredAt: init.occurredAt ?? new Date().toISOString(),
      amountCents: cents,
      partySize: party,
      ...(rating ? { rating } : {}),
      ...(chosen.length ? { tags: chosen } : {}),
      ...(target.voucherCode ? { voucherCode: target.voucherCode } : {}),
      ...(target.customerId ? { customerId: target.customerId } : {}),
      ...(customer ? { customer } : {}),
    }, label);
  }

  return (
    <div className="space-y-5">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="text-2xl font-semibold text-slate-900 [overflow-wrap:anywhere] line-clamp-3">{target.label}</h2>
          {target.dealTitle && <p className="text-sm text-teal-800">Redeeming: {target.dealTitle}</p>}
          {!target.verified && <p className="text-sm text-amber-800">Offline: this voucher will be checked when the tablet syncs.</p>}
        </div>
        <Button variant="ghost" size="lg" onClick={onCancel}>Back</Button>
      </div>

      {problem && <Alert variant="error" title="Not recorded yet — correct it and send again">{problem}</Alert>}
      {walkIn && (
        <WalkInInputs
          fields={walkIn}
          errors={walkInErrors}
          onChange={(f) => { setWalkIn(f); const r = walkInCustomer(f); setWalkInErrors(r.ok ? {} : r.errors); }}
        />
      )}

      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-800">Rating</legend>
        <div className="grid grid-cols-3 gap-3">
          {[1, 2, 3].map((n) => (
            <button
              key={n}
              type="button"
              aria-pressed={rating === n}
              aria-label={`${n} star${n > 1 ? "s" : ""}`}
              onClick={() => setRating(rating === n ? null : n)}
              className={cn("flex h-16 items-center justify-center gap-1 rounded-xl border text-amber-500", rating === n ? "border-teal-700 bg-teal-50 ring-2 ring-teal-700" : "border-slate-300 bg-white")}
            >
              {Array.from({ length: n }, (_, i) => <Star key={i} className="size-7 fill-current" aria-hidden />)}
            </button>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-800">Tags</legend>
        <div className="flex flex-wrap gap-2">
          {vocabulary.map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={chosen.includes(t)}
              onClick={() => toggle(t)}
              className={cn("h-12 rounded-full border px-5 text-base", chosen.includes(t) ? "border-teal-700 bg-teal-700 text-white" : "border-slate-300 bg-white text-slate-800")}
            >
              {chosen.includes(t) && <Check className="mr-1 inline size-4" aria-hidden />}
              {t}
            </button>
          ))}
          <form
            className="flex gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              const t = newTag.trim();
              if (!t) return;
              if (!vocabulary.some((v) => v.toLowerCase() === t.toLowerCase())) setVocabulary([...vocabulary, t]);
              setChosen((c) => [...c, t]);
              setNewTag("");
            }}
          >
            <Label htmlFor="new-tag" className="sr-only">New tag</Label>
            <Input id="new-tag" value={newTag} onChange={(e) => setNewTag(e.target.value)} placeholder="Add a tag" maxLength={40} className="h-12 w-36" />
            <Button type="submit" variant="outline" size="lg" aria-label="Add tag"><Plus aria-hidden /></Button>
          </form>
        </div>
      </fieldset>

      <div className="grid gap-5 sm:grid-cols-2">
        <div>
          <span id="party-label" className="mb-2 block text-sm font-medium leading-none text-slate-800">Party size</span>
          <div className="flex items-center gap-3" role="group" aria-labelledby="party-label">
            <Button type="button" variant="outline" size="xl" aria-label="Fewer people" onClick={() => setParty(Math.max(1, party - 1))}><Minus aria-hidden /></Button>
            <output className="w-12 text-center text-3xl font-semibold tabular-nums" aria-live="polite">{party}</output>
            <Button type="button" variant="outline" size="xl" aria-label="More people" onClick={() => setParty(Math.min(99, party + 1))}><Plus aria-hidden /></Button>
          </div>
        </div>
        <div>
          <Label htmlFor="spend" className="mb-2 block">Spend ({currency})</Label>
          <Input id="spend" inputMode="decimal" value={spend} onChange={(e) => { setSpend(e.target.value); setSpendError(null); }} placeholder="0.00" className="h-14 text-2xl" aria-invalid={!!spendError} aria-describedby={spendError ? "spend-error" : undefined} />
          {spendError && <p id="spend-error" className="mt-1 text-sm text-red-700">{spendError}</p>}
        </div>
      </div>

      <Button size="xl" className="h-16 w-full text-xl" onClick={submit}>{initial ? "Send again" : "Done"}</Button>
    </div>
  );
}

function Scanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let stop = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        if (!video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const Detector = (window as unknown as { BarcodeDetector: new (o: unknown) => { detect(v: HTMLVideoElement): Promise<{ rawValue: string }[]> } }).BarcodeDetector;
        const detector = new Detector({ formats: ["qr_code", "code_128", "code_39"] });
        while (!stop) {
          const found = await detector.detect(video.current).catch(() => []);
          if (found[0]?.rawValue) return onCode(found[0].rawValue);
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch {
        toast.error("The camera is not available. Type the code instead.");
        onClose();
      }
    })();
    return () => {
      stop = true;
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [onCode, onClose]);
  return (
    <div className="space-y-2">
      <video ref={video} className="w-full rounded-xl bg-black" muted playsInline aria-label="Camera preview" />
      <Button variant="outline" onClick={onClose}>Stop scanning</Button>
    </div>
  );
}
