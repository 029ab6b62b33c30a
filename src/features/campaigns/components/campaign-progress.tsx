"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { fetchJson } from "@/lib/fetch-json";
import type { TCampaignProgress } from "../schemas";

const fmt = (n: number) => n.toLocaleString("en-US");
const due = (p: TCampaignProgress, now: number) => p.status === "scheduled" && p.sendAt !== null && Date.parse(p.sendAt) <= now + 2000;

/**
 * Follows a send live: polls the progress route while the campaign is scheduled or sending (every
 * 1.5 s once it is due, every 15 s before), shows "Starting…" then "Sending: 40 of 120" as the
 * worker goes, and re-reads the page once when it is done so the results appear without a reload.
 */
export function CampaignSendProgress({
  merchantSlug,
  campaignId,
  initial,
  scheduledWords,
}: {
  merchantSlug: string;
  campaignId: string;
  initial: TCampaignProgress;
  scheduledWords: string;
}) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  const [now, setNow] = useState(() => Date.now());
  const [offline, setOffline] = useState(false);
  const settled = useRef(false);
  const active = p.status === "scheduled" || p.status === "sending";

  useEffect(() => {
    if (!active) return;
    let stop = false;
    const tick = async () => {
      const res = await fetchJson<TCampaignProgress>(`/m/${merchantSlug}/campaigns/${campaignId}/progress`, { cache: "no-store" });
      if (stop) return;
      setNow(Date.now());
      if (!res?.ok) return setOffline(true);
      setOffline(false);
      setP(res.data);
    };
    const t = window.setInterval(tick, due(p, Date.now()) || p.status === "sending" ? 1500 : 15_000);
    return () => {
      stop = true;
      window.clearInterval(t);
    };
  }, [active, p, merchantSlug, campaignId]);

  // Done (or cancelled elsewhere): one refresh brings the server-rendered results.
  useEffect(() => {
    if (active || settled.current || p.status === initial.status) return;
    settled.current = true;
    router.refresh();
  }, [active, p.status, initial.status, router]);

  if (p.status === "scheduled" && !due(p, now)) {
    return (
      <Alert variant="info" title="Scheduled">
        {scheduledWords} Recipients are picked and codes made when it sends, so customers who join the group until then are included. Cancel it any time before.
      </Alert>
    );
  }
  if (p.status === "scheduled") {
    return (
      <Card className="mb-6" data-testid="campaign-progress">
        <CardContent className="pt-6" role="status" aria-live="polite">
          <Progress
            value={0}
            label="Starting the send: picking recipients and making their personal codes…"
            hint={offline ? "Lost touch with the server; still trying. Sending continues in the background." : undefined}
          />
        </CardContent>
      </Card>
    );
  }
  if (p.status === "sending") {
    return (
      <Card className="mb-6" data-testid="campaign-progress">
        <CardContent className="pt-6" role="status" aria-live="polite">
          <Progress
            value={p.audience ? (p.sent / p.audience) * 100 : 0}
            label={`Sending: ${fmt(p.sent)} of ${fmt(p.audience)} emails`}
            hint={
              offline
                ? "Lost touch with the server; still trying. Sending continues in the background."
                : "You can leave this page; sending continues in the background and resumes by itself after a restart."
            }
          />
        </CardContent>
      </Card>
    );
  }
  if (p.status === "sent" && initial.status !== "sent") {
    return (
      <p role="status" className="mb-6 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="campaign-progress">
        Sent to {fmt(p.sent)} customer{p.sent === 1 ? "" : "s"}.
      </p>
    );
  }
  return null;
}
