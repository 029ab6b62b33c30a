"use client";

import { CloudOff, Lock, LogOut, Users, Wifi } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { signOutTo } from "@/lib/sign-out";
import type { TCounterCapturePayload, TCounterCustomer, TRecentCapture } from "../schemas";
import { CaptureForm, type TCaptureTarget } from "./capture-form";
import type { TQueuedCapture } from "./capture-queue";
import { ConflictItem } from "./conflict-item";
import { FindCustomer } from "./find-customer";
import { RecentCaptures } from "./recent-captures";
import { SignInToSend } from "./sign-in-to-send";
import { useCaptureQueue } from "./use-capture-queue";
import { useCounterLock, useOfflineCustomers } from "./use-counter-session";

// The counter tablet: find a customer (or a voucher, or a walk-in), capture the visit, and keep
// every capture on the tablet until the server has it (use-capture-queue.ts, capture-queue.ts).

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
  const { online, pending, conflicts, held, heldMessage, markSignedOut, store, sendStored, discard } = useCaptureQueue(props.merchantSlug);
  const [target, setTarget] = useState<TCaptureTarget | null>(null);
  /** A refused capture being edited: sent again as a new capture, and the refused copy removed once the new one is saved. */
  const [resending, setResending] = useState<TQueuedCapture | null>(null);
  const offlineCustomers = useOfflineCustomers(props.merchantSlug, props.offlineCustomers);
  // A PIN session locks itself when the counter is left alone (not while a capture is being filled in).
  const lock = useCounterLock(props.merchantSlug, props.session.kind === "counter" && !target);
  const needsSignIn = held === "signed-out" || held === "wrong-account";

  async function record(id: string, payload: TCounterCapturePayload, label: string) {
    await store(id, payload, label, resending?.id);
    setResending(null);
    setTarget(null);
    await sendStored(label);
  }

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
              <Button variant="outline" size="lg" onClick={lock}>
                <Users aria-hidden /> Switch staff
              </Button>
              <Button variant="outline" size="lg" onClick={lock}>
                <Lock aria-hidden /> Lock
              </Button>
            </>
          ) : (
            <Button variant="outline" size="lg" onClick={() => void signOutTo("/sign-in")}>
              <LogOut aria-hidden /> Sign out
            </Button>
          )}
        </div>
        <div className="flex items-center gap-3 text-sm" role="status" aria-live="polite">
          {pending.length > 0 && <span className="rounded-full bg-amber-100 px-3 py-1 font-medium text-amber-900">{pending.length} waiting to sync</span>}
          {online ? (
            <span className="flex items-center gap-1.5 text-emerald-800">
              <Wifi className="size-4" aria-hidden /> Online
            </span>
          ) : (
            <span className="flex items-center gap-1.5 font-medium text-amber-900">
              <CloudOff className="size-4" aria-hidden /> Offline — captures are kept on this tablet
            </span>
          )}
        </div>
      </header>
      {held === "suspended" && (
        <div role="alert" className="border-b border-red-200 bg-red-50 px-5 py-4 text-red-950">
          <p className="text-lg font-semibold">{heldMessage ?? "This business is suspended. Contact support."}</p>
          <p className="text-sm">
            {pending.length === 1 ? "1 capture is" : `${pending.length} captures are`} kept on this tablet and will be sent when the business is active again.
          </p>
        </div>
      )}
      {needsSignIn && <SignInToSend reason={held} waiting={pending.length} merchantSlug={props.merchantSlug} />}
      {/* Side by side only from xl: at 1024 px beside the menu the capture card was too narrow for its 48 px buttons.
          Tracks of minmax(0, …): an auto track grows to its widest item's unbreakable content (an 80-letter
          name in Recent), pushing the page sideways on a phone. */}
      <div className="grid grid-cols-1 gap-5 p-5 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-label="Capture" className="min-w-0 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
          {target ? (
            <CaptureForm
              key={resending?.id ?? "new"}
              target={target}
              tags={props.tags}
              currency={props.currency}
              defaultPartySize={props.defaultPartySize}
              initial={resending?.payload}
              problem={resending?.error}
              onCancel={() => {
                setTarget(null);
                setResending(null);
              }}
              onDone={(id, payload, label) => record(id, payload, label ?? target.label)}
            />
          ) : (
            <FindCustomer
              merchantSlug={props.merchantSlug}
              online={online}
              onPick={setTarget}
              offlineCustomers={offlineCustomers}
              onSignedOut={markSignedOut}
            />
          )}
        </section>
        <aside className="min-w-0 space-y-5">
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
                      const p = c.payload;
                      setResending(c);
                      setTarget({ label: c.label, customerId: p.customerId, customer: p.customer, voucherCode: p.voucherCode, verified: true });
                      window.scrollTo({ top: 0, behavior: "smooth" });
                    }}
                    onDiscard={() => discard(c.id)}
                  />
                ))}
              </ul>
            </section>
          )}
          <RecentCaptures
            pending={pending}
            recent={props.recent}
            needsSignIn={needsSignIn}
            currency={props.currency}
            merchantSlug={props.merchantSlug}
            userId={props.userId}
            canCorrectAny={props.canCorrectAny}
            onChanged={() => router.refresh()}
          />
        </aside>
      </div>
    </div>
  );
}
