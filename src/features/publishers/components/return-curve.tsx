"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

/**
 * Share of redeemers who had come back at full price by each day after redeeming, against the
 * 19.9% of deal users who returned in Dholakia's study of 324 businesses.
 */
export function ReturnCurve({ data, benchmark }: { data: { day: number; share: number | null }[]; benchmark: number }) {
  const last = data.at(-1)?.share;
  const top = Math.max(benchmark * 1.5, (last ?? 0) * 1.15, 0.05);
  return (
    <figure className="space-y-2">
      <div
        className="h-72"
        role="img"
        aria-label={`Return curve: ${last === null || last === undefined ? "no redemptions yet" : `${pct(last)} of redeemers came back at full price within 90 days`}, against the ${pct(benchmark)} benchmark.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 12, right: 24, bottom: 8, left: 0 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis
              dataKey="day"
              type="number"
              domain={[0, 90]}
              ticks={[0, 30, 60, 90]}
              tickFormatter={(d) => `${d} d`}
              tick={{ fontSize: 12, fill: "#475569" }}
            />
            <YAxis domain={[0, Math.min(1, top)]} tickFormatter={(v) => pct(Number(v))} tick={{ fontSize: 12, fill: "#475569" }} width={52} />
            <Tooltip labelFormatter={(d) => `Day ${d} after redeeming`} formatter={(v) => [v === null ? "—" : pct(Number(v)), "Came back at full price"]} />
            <ReferenceLine
              y={benchmark}
              stroke="#b45309"
              strokeDasharray="6 4"
              label={{ value: `Benchmark ${pct(benchmark)}`, position: "insideTopRight", fill: "#92400e", fontSize: 12 }}
            />
            {[30, 60].map((d) => (
              <ReferenceLine key={d} x={d} stroke="#cbd5e1" />
            ))}
            <Line type="stepAfter" dataKey="share" stroke="#0f766e" strokeWidth={2.5} dot={false} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-muted-foreground">
        Share of redeemers who came back without a voucher, by days since they redeemed. Dashed: the 19.9% of deal users who returned at full price in
        Dholakia's study of 324 businesses.
      </figcaption>
    </figure>
  );
}
