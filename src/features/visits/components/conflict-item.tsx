"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { formatMoney } from "@/lib/money";
import type { TQueuedCapture } from "./capture-queue";

/** A capture the server refused: why, and the way forward (edit and resend when its input was at fault). */
export function ConflictItem({
  capture: c,
  currency,
  onEdit,
  onDiscard,
}: {
  capture: TQueuedCapture;
  currency: string;
  onEdit: () => void;
  onDiscard: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const p = c.payload;
  return (
    <li className="rounded-lg bg-red-50 p-3 text-sm" data-testid="needs-attention-item">
      <p className="font-medium text-red-950 [overflow-wrap:anywhere] line-clamp-2">{c.label}</p>
      <p className="text-red-900 [overflow-wrap:anywhere]">{c.error}</p>
      <p className="text-xs text-red-900/80">
        Captured {new Date(c.createdAt).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" })}
        {typeof p.amountCents === "number" ? ` · ${formatMoney(p.amountCents, currency)}` : ""}
        {p.partySize ? ` · party ${p.partySize}` : ""} — kept on this tablet, not recorded yet.
      </p>
      {confirming ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <span className="text-red-950">Discard this capture for good?</span>
          <Button variant="destructive" size="lg" onClick={onDiscard}>
            Yes, discard
          </Button>
          <Button variant="outline" size="lg" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </div>
      ) : (
        <div className="mt-2 flex flex-wrap gap-2">
          {c.fixable && (
            <Button size="lg" onClick={onEdit}>
              Edit and resend
            </Button>
          )}
          <Button variant="outline" size="lg" onClick={() => setConfirming(true)}>
            Discard…
          </Button>
        </div>
      )}
    </li>
  );
}
