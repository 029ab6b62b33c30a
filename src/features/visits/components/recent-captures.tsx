"use client";

import { Loader2, Undo2 } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { fetchJson } from "@/lib/fetch-json";
import { formatMoney, parseMoneyToCents } from "@/lib/money";
import type { TRecentCapture, TVisitCorrected, TVisitUndone } from "../schemas";
import type { TQueuedCapture } from "./capture-queue";

/** Staff may undo or correct their own capture for this long; a manager any time. */
const UNDO_MS = 10 * 60_000;
/** How long "Undo" waits for its confirmation before it goes back to a plain button. */
const UNDO_CONFIRM_MS = 5_000;

/** Today's captures: those still on the tablet first, then the recorded ones with Edit and Undo. */
export function RecentCaptures({
  pending,
  recent,
  needsSignIn,
  currency,
  merchantSlug,
  userId,
  canCorrectAny,
  onChanged,
}: {
  pending: TQueuedCapture[];
  recent: TRecentCapture[];
  /** The pending ones wait for a sign-in rather than the network. */
  needsSignIn: boolean;
  currency: string;
  merchantSlug: string;
  userId: string;
  canCorrectAny: boolean;
  onChanged: () => void;
}) {
  return (
    <section aria-label="Recent captures" className="rounded-2xl border border-slate-200 bg-white p-4">
      <h2 className="mb-2 font-semibold text-slate-900">Recent</h2>
      {pending.length === 0 && recent.length === 0 && <p className="text-sm text-slate-600">Nothing recorded yet today.</p>}
      <ul className="divide-y divide-slate-100">
        {pending.map((c) => (
          <li key={c.id} className="flex items-center justify-between gap-2 py-2 text-sm">
            <span className="min-w-0 truncate font-medium text-slate-800">{c.label}</span>
            {needsSignIn ? (
              <span className="text-amber-800">Waiting for sign-in</span>
            ) : (
              <span className="flex items-center gap-1 text-amber-800">
                <Loader2 className="size-3.5 animate-spin" aria-hidden /> Pending
              </span>
            )}
          </li>
        ))}
        {recent.map((r) => (
          <RecentRow
            key={r.id}
            r={r}
            currency={currency}
            merchantSlug={merchantSlug}
            canUndo={canCorrectAny || (r.staffUserId === userId && Date.now() - Date.parse(r.createdAt) < UNDO_MS)}
            onUndone={onChanged}
          />
        ))}
      </ul>
    </section>
  );
}

function RecentRow({
  r,
  currency,
  merchantSlug,
  canUndo,
  onUndone,
}: {
  r: TRecentCapture;
  currency: string;
  merchantSlug: string;
  canUndo: boolean;
  onUndone: () => void;
}) {
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
    const res = await fetchJson<TVisitUndone | TVisitCorrected>(`/m/${merchantSlug}/counter/captures/${r.id}`, {
      method,
      body: body ? JSON.stringify(body) : undefined,
    });
    setBusy(false);
    if (!res) return "You are offline: corrections need the network.";
    if (!res.ok) return res.problem?.detail ?? "That did not work.";
    return null;
  }

  return (
    <li className="py-2 text-sm">
      <div className="flex items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">
            {r.customerName}
            {r.redemption && <span className="ml-2 rounded bg-teal-100 px-1.5 text-xs text-teal-900">voucher</span>}
          </p>
          <p className="truncate text-slate-500">
            <time dateTime={r.occurredAt}>{r.localTime}</time>
            {r.contactHint ? ` · ${r.contactHint}` : ""}
          </p>
          <p className="text-slate-600">
            {formatMoney(r.amountCents, currency)} · party {r.partySize}
            {r.rating ? ` · ${"★".repeat(r.rating)}` : ""}
            {r.tags.length ? ` · ${r.tags.join(", ")}` : ""}
          </p>
        </div>
        {canUndo && (
          <div className="flex shrink-0 gap-1">
            <Button variant="ghost" size="lg" aria-label={`Edit ${r.customerName}`} onClick={() => setEditing(!editing)}>
              Edit
            </Button>
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
              <Button
                key={n}
                type="button"
                size="lg"
                variant={rating === n ? "default" : "outline"}
                aria-pressed={rating === n}
                aria-label={`${n} star${n > 1 ? "s" : ""}`}
                onClick={() => setRating(rating === n ? null : n)}
              >
                {"★".repeat(n)}
              </Button>
            ))}
          </div>
          <div className="flex items-end gap-2">
            <div>
              <Label htmlFor={`edit-spend-${r.id}`} className="text-xs">
                Spend
              </Label>
              <Input
                id={`edit-spend-${r.id}`}
                inputMode="decimal"
                value={spend}
                onChange={(e) => {
                  setSpend(e.target.value);
                  setError(null);
                }}
                className="h-12 w-28"
              />
            </div>
            <Button type="submit" size="lg" disabled={busy}>
              Save
            </Button>
          </div>
          {error && <p className="text-xs text-red-700">{error}</p>}
        </form>
      )}
    </li>
  );
}
