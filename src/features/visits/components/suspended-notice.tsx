"use client";

import { Ban, LogOut } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { listCaptures, type TQueuedCapture } from "./capture-queue";
import { signOutTo } from "@/lib/sign-out";

/**
 * What a suspended merchant's members — and its counter tablet — see instead of the app. On a
 * tablet, captures still waiting in its outbox (IndexedDB) are listed: they stay there, untouched,
 * and are sent once the business is active again.
 */
export function SuspendedNotice({ message, merchantName, merchantSlug }: { message: string; merchantName: string; merchantSlug: string }) {
  const [queued, setQueued] = useState<TQueuedCapture[] | null>(null);
  useEffect(() => {
    if (typeof indexedDB === "undefined") return;
    listCaptures(merchantSlug).then(setQueued, () => setQueued(null));
  }, [merchantSlug]);
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-6 px-6 py-12">
      <div className="flex items-center gap-3 text-red-800">
        <Ban aria-hidden className="size-8 shrink-0" />
        <p className="text-sm font-medium uppercase tracking-wide">{merchantName}</p>
      </div>
      <h1 className="text-2xl font-semibold text-foreground" data-testid="suspended-message">
        {message}
      </h1>
      <p className="text-muted-foreground">Your customers, visits and campaigns are kept. Nothing is sent while the business is suspended.</p>
      {queued && queued.length > 0 && (
        <section aria-label="Captures kept on this tablet" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-amber-950">
          <p className="font-medium">
            {queued.length === 1 ? "1 capture is" : `${queued.length} captures are`} kept on this tablet. They will be sent when the business is active again.
          </p>
          <ul className="mt-2 list-disc pl-5 text-sm">
            {queued.slice(0, 10).map((c) => (
              <li key={c.id}>{c.label}</li>
            ))}
          </ul>
        </section>
      )}
      <div>
        <Button type="button" variant="outline" className="h-12" onClick={() => void signOutTo("/sign-in")}>
          <LogOut aria-hidden />
          Sign out
        </Button>
      </div>
    </main>
  );
}
