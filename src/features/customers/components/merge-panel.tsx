"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { mergeCustomersAction, previewMergeAction, searchMergeCandidatesAction } from "../actions";
import type { TMergeCandidate, TMergePreview } from "../merge";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "Merge a duplicate": find the other record, see what moves, merge it into this customer. */
export function MergePanel({
  merchantSlug,
  customerId,
  customerName,
  formatMoney,
}: {
  merchantSlug: string;
  customerId: string;
  customerName: string;
  formatMoney: { currency: string };
}) {
  const router = useRouter();
  const [q, setQ] = useState("");
  const [candidates, setCandidates] = useState<TMergeCandidate[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [preview, setPreview] = useState<TMergePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) {
      setCandidates(null);
      return;
    }
    let live = true;
    setSearching(true);
    const timer = setTimeout(async () => {
      const res = await searchMergeCandidatesAction(merchantSlug, { customerId, q: term });
      if (!live) return;
      setSearching(false);
      if (res.ok) setCandidates(res.data);
      else setError(res.error);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, merchantSlug, customerId]);

  const money = (cents: string) => new Intl.NumberFormat("en-US", { style: "currency", currency: formatMoney.currency }).format(Number(cents) / 100);

  if (preview) {
    const m = preview.moves;
    const moving = [
      plural(m.visits, "visit"),
      plural(m.vouchers, "code"),
      plural(m.campaigns, "promotion"),
      plural(m.tags, "tag"),
      plural(m.notes, "note"),
      plural(m.groups, "group"),
    ];
    return (
      <div className="space-y-3 text-sm" data-testid="merge-preview">
        <p className="font-medium">
          Merge {preview.duplicate.name} into {preview.survivor.name}?
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            Moves to {preview.survivor.name}: {moving.join(", ")}.
          </li>
          <li>
            Afterwards: {plural(preview.after.visitCount, "visit")}, {money(preview.after.totalSpentCents)} spent.
          </li>
          {preview.filled.length > 0 && (
            <li>
              Fills in their blank {preview.filled.join(", ")} from {preview.duplicate.name}.
            </li>
          )}
          {preview.dropped.length > 0 && (
            <li>
              Keeps {preview.survivor.name}&apos;s {preview.dropped.join(", ")}; {preview.duplicate.name}&apos;s is not kept.
            </li>
          )}
          {preview.campaignsBothGot > 0 && (
            <li>
              {plural(preview.campaignsBothGot, "promotion")} went to both: {preview.survivor.name}&apos;s record of it is kept.
            </li>
          )}
          <li>
            Email: {preview.consent.emailConsent ? "may receive promotions. " : "will not receive promotions. "}
            {preview.consent.reason}
          </li>
          <li>{preview.duplicate.name}&apos;s record is then deleted. This cannot be undone.</li>
        </ul>
        {error && <Alert variant="error">{error}</Alert>}
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            disabled={pending}
            className="min-h-12 sm:min-h-10"
            onClick={() =>
              startTransition(async () => {
                const res = await mergeCustomersAction(merchantSlug, { survivorId: customerId, duplicateId: preview.duplicate.id });
                if (!res.ok) {
                  setError(res.error);
                  return;
                }
                toast.success(`Merged ${preview.duplicate.name} into ${preview.survivor.name}.`);
                setPreview(null);
                setQ("");
                setCandidates(null);
                setError(null);
                router.refresh();
              })
            }
          >
            {pending && <Spinner />} Merge into {customerName}
          </Button>
          <Button
            type="button"
            variant="ghost"
            className="min-h-12 sm:min-h-10"
            onClick={() => {
              setPreview(null);
              setError(null);
            }}
          >
            Back
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-3 text-sm">
      <FormField label="Find the duplicate" hint="Type a name, email or phone. The record you pick moves into this customer, who stays.">
        <Input
          type="search"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setError(null);
          }}
          maxLength={100}
          placeholder="Maria, maria@…, 415…"
          autoComplete="off"
        />
      </FormField>
      {error && <Alert variant="error">{error}</Alert>}
      {searching && <Spinner label="Searching…" />}
      {candidates &&
        !searching &&
        (candidates.length === 0 ? (
          <p className="text-muted-foreground">No other customer matches “{q.trim()}”.</p>
        ) : (
          <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Possible duplicates">
            {candidates.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <div className="min-w-0">
                  <p className="font-medium">{c.name}</p>
                  <p className="break-all text-muted-foreground">{[c.email, c.phone, plural(c.visitCount, "visit")].filter(Boolean).join(" · ")}</p>
                </div>
                <Button
                  type="button"
                  variant="outline"
                  disabled={pending}
                  className="min-h-12 sm:min-h-10"
                  aria-label={`Preview merging ${c.name}`}
                  onClick={() =>
                    startTransition(async () => {
                      const res = await previewMergeAction(merchantSlug, { survivorId: customerId, duplicateId: c.id });
                      if (res.ok) setPreview(res.data);
                      else setError(res.error);
                    })
                  }
                >
                  Preview merge
                </Button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
