"use client";

import { Copy, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Button } from "@/components/ui/button";
import { cancelCampaignAction, duplicateCampaignAction } from "../actions";

/** Re-reads the page every two seconds while the campaign is scheduled or sending. */
export function CampaignAutoRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(t);
  }, [active, router]);
  return null;
}

const COLORS = ["#0f766e", "#0d9488", "#14b8a6", "#2dd4bf", "#0369a1", "#b45309"];

export function FunnelChart({ data }: { data: { step: string; count: number }[] }) {
  return (
    <div className="h-72" role="img" aria-label={`Campaign funnel: ${data.map((d) => `${d.step} ${d.count}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 16 }}>
          <CartesianGrid horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} />
          <YAxis type="category" dataKey="step" width={90} tick={{ fontSize: 13, fill: "#0f172a" }} />
          <Tooltip formatter={(v) => [Number(v).toLocaleString("en-US"), "Customers"]} />
          <Bar dataKey="count" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            {data.map((_, i) => (
              <Cell key={i} fill={COLORS[i % COLORS.length]} />
            ))}
            <LabelList dataKey="count" position="right" formatter={(v) => Number(v).toLocaleString("en-US")} style={{ fontSize: 12, fill: "#0f172a" }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ReturnChart({ data }: { data: { window: string; got: number; holdout: number }[] }) {
  return (
    <div className="h-72" role="img" aria-label={`Came back: ${data.map((d) => `${d.window}: ${d.got}% who got it, ${d.holdout}% held out`).join("; ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="window" tick={{ fontSize: 12, fill: "#475569" }} />
          <YAxis unit="%" tick={{ fontSize: 12, fill: "#475569" }} />
          <Tooltip formatter={(v, name) => [`${v}%`, name]} />
          {/* Legend text in ink: the grey series colour is too faint to read as text. */}
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={(value) => <span style={{ color: "#0f172a" }}>{value}</span>} />
          <Bar dataKey="got" name="Got the email" fill="#0f766e" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="holdout" name="Held out" fill="#94a3b8" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function CampaignButtons({ merchantSlug, campaignId, cancellable }: { merchantSlug: string; campaignId: string; cancellable: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="outline"
        size="lg"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await duplicateCampaignAction(merchantSlug, { campaignId });
            if (!res.ok) return setError(res.error);
            toast.success("A new draft with the same group, promotion and holdout.");
            router.push(`/m/${merchantSlug}/campaigns/new?draft=${res.data.id}`);
          })
        }
      >
        <Copy aria-hidden /> Duplicate
      </Button>
      {cancellable && (
        <Button
          variant="outline"
          size="lg"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const res = await cancelCampaignAction(merchantSlug, { campaignId });
              if (!res.ok) return setError(res.error);
              toast.success("Cancelled. Nobody got it.");
              router.refresh();
            })
          }
        >
          <XCircle aria-hidden /> Cancel
        </Button>
      )}
      {error && (
        <p className="w-full text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
