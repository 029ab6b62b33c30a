"use client";

import { Check, Minus, Plus, Star } from "lucide-react";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { parseMoneyToCents } from "@/lib/money";
import { cn } from "@/lib/utils";
import type { TCounterCapturePayload } from "../schemas";
import { walkInCustomer, walkInFields, type TWalkInErrors, type TWalkInFields } from "./walk-in";
import { WalkInInputs } from "./walk-in-form";

/** Who a capture is for: a found customer, a walk-in's details, or a voucher (checked, or to check when the tablet syncs). */
export type TCaptureTarget = {
  label: string;
  customerId?: string;
  customer?: TCounterCapturePayload["customer"];
  voucherCode?: string;
  dealTitle?: string;
  verified: boolean;
};

/** Rating, tags, party size and spend of one visit; Done hands the capture to the queue. */
export function CaptureForm({
  target,
  tags,
  currency,
  defaultPartySize,
  initial,
  problem,
  onCancel,
  onDone,
}: {
  target: TCaptureTarget;
  tags: string[];
  currency: string;
  defaultPartySize: number;
  /** A refused capture's payload, to correct and send again. */
  initial?: TCounterCapturePayload;
  problem?: string;
  onCancel: () => void;
  /** `id` is the capture's idempotency key, born with the form: a second tap on Done is the same capture. */
  onDone: (id: string, payload: TCounterCapturePayload, label?: string) => void;
}) {
  const [captureId] = useState(() => crypto.randomUUID());
  const done = useRef(false);
  const init: Partial<TCounterCapturePayload> = initial ?? {};
  const [rating, setRating] = useState<1 | 2 | 3 | null>(init.rating ?? null);
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
    // A double tap (or a slow tablet's repeated click) records one visit, not two.
    if (done.current) return;
    done.current = true;
    onDone(
      captureId,
      {
        // A resent capture keeps the time it happened.
        occurredAt: init.occurredAt ?? new Date().toISOString(),
        amountCents: cents,
        partySize: party,
        ...(rating ? { rating } : {}),
        ...(chosen.length ? { tags: chosen } : {}),
        ...(target.voucherCode ? { voucherCode: target.voucherCode } : {}),
        ...(target.customerId ? { customerId: target.customerId } : {}),
        ...(customer ? { customer } : {}),
      },
      label,
    );
  }

  return (
    <div className="space-y-5">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="text-2xl font-semibold text-slate-900 [overflow-wrap:anywhere] line-clamp-3">{target.label}</h2>
          {target.dealTitle && <p className="text-sm text-teal-800">Redeeming: {target.dealTitle}</p>}
          {!target.verified && <p className="text-sm text-amber-800">Offline: this voucher will be checked when the tablet syncs.</p>}
        </div>
        <Button variant="ghost" size="lg" onClick={onCancel}>
          Back
        </Button>
      </div>

      {problem && (
        <Alert variant="error" title="Not recorded yet — correct it and send again">
          {problem}
        </Alert>
      )}
      {walkIn && (
        <WalkInInputs
          fields={walkIn}
          errors={walkInErrors}
          onChange={(f) => {
            setWalkIn(f);
            const r = walkInCustomer(f);
            setWalkInErrors(r.ok ? {} : r.errors);
          }}
        />
      )}

      <fieldset className="min-w-0">
        <legend className="mb-2 text-sm font-medium text-slate-800">Rating</legend>
        <div className="grid grid-cols-3 gap-3">
          {([1, 2, 3] as const).map((n) => (
            <button
              key={n}
              type="button"
              aria-pressed={rating === n}
              aria-label={`${n} star${n > 1 ? "s" : ""}`}
              onClick={() => setRating(rating === n ? null : n)}
              className={cn(
                "flex h-16 min-w-0 items-center justify-center gap-0.5 rounded-xl border text-amber-500",
                rating === n ? "border-teal-700 bg-teal-50 ring-2 ring-teal-700" : "border-slate-300 bg-white",
              )}
            >
              {Array.from({ length: n }, (_, i) => (
                <Star key={i} className="size-6 fill-current sm:size-7" aria-hidden />
              ))}
            </button>
          ))}
        </div>
      </fieldset>

      <fieldset className="min-w-0">
        <legend className="mb-2 text-sm font-medium text-slate-800">Tags</legend>
        <div className="flex flex-wrap gap-2">
          {vocabulary.map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={chosen.includes(t)}
              onClick={() => toggle(t)}
              className={cn(
                "h-12 rounded-full border px-5 text-base",
                chosen.includes(t) ? "border-teal-700 bg-teal-700 text-white" : "border-slate-300 bg-white text-slate-800",
              )}
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
            <Label htmlFor="new-tag" className="sr-only">
              New tag
            </Label>
            <Input id="new-tag" value={newTag} onChange={(e) => setNewTag(e.target.value)} placeholder="Add a tag" maxLength={40} className="h-12 w-36" />
            <Button type="submit" variant="outline" size="lg" aria-label="Add tag">
              <Plus aria-hidden />
            </Button>
          </form>
        </div>
      </fieldset>

      <div className="grid gap-5 sm:grid-cols-2">
        <div>
          <span id="party-label" className="mb-2 block text-sm font-medium leading-none text-slate-800">
            Party size
          </span>
          <div className="flex items-center gap-3" role="group" aria-labelledby="party-label">
            <Button type="button" variant="outline" size="xl" aria-label="Fewer people" onClick={() => setParty(Math.max(1, party - 1))}>
              <Minus aria-hidden />
            </Button>
            <output className="w-12 text-center text-3xl font-semibold tabular-nums" aria-live="polite">
              {party}
            </output>
            <Button type="button" variant="outline" size="xl" aria-label="More people" onClick={() => setParty(Math.min(99, party + 1))}>
              <Plus aria-hidden />
            </Button>
          </div>
        </div>
        <div>
          <Label htmlFor="spend" className="mb-2 block">
            Spend ({currency})
          </Label>
          <Input
            id="spend"
            inputMode="decimal"
            value={spend}
            onChange={(e) => {
              setSpend(e.target.value);
              setSpendError(null);
            }}
            placeholder="0.00"
            className="h-14 text-2xl"
            aria-invalid={!!spendError}
            aria-describedby={spendError ? "spend-error" : undefined}
          />
          {spendError && (
            <p id="spend-error" className="mt-1 text-sm text-red-700">
              {spendError}
            </p>
          )}
        </div>
      </div>

      <Button size="xl" className="h-16 w-full text-xl" onClick={submit}>
        {initial ? "Send again" : "Done"}
      </Button>
    </div>
  );
}
