"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TMonth } from "../report";

const MONTH = new Intl.DateTimeFormat("en-US", { month: "short", year: "2-digit", timeZone: "UTC" });
const label = (month: string) => MONTH.format(new Date(`${month}T00:00:00Z`));

/** Visits per month, stacked: what the publisher's deals brought, the full-price returns of those customers, and everything else. */
export function MerchantMonths({ data }: { data: TMonth[] }) {
  const total = (key: "redemptions" | "returns") => data.reduce((s, m) => s + m[key], 0);
  const rows = data.map((m) => ({ ...m, label: label(m.month) }));
  return (
    <figure className="space-y-2">
      <div
        className="h-72"
        role="img"
        aria-label={`Visits per month over the last ${data.length} months: ${total("redemptions").toLocaleString("en-US")} deal redemptions and ${total("returns").toLocaleString("en-US")} full-price visits by deal customers.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 12, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#475569" }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} width={48} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="redemptions" name="Deal redemptions" stackId="v" fill="#0f766e" />
            <Bar dataKey="returns" name="Back at full price" stackId="v" fill="#f59e0b" />
            <Bar dataKey="otherVisits" name="Other visits" stackId="v" fill="#cbd5e1" />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-sm text-muted-foreground">
        Amber is what the deals built: customers who first came with a voucher, back without one.
      </figcaption>
    </figure>
  );
}
