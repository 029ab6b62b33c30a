// Money is integer minor units (cents) with the merchant's currency beside it.
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number | bigint, currency = "USD", opts: { compact?: boolean } = {}): string {
  const key = `${currency}:${opts.compact ? 1 : 0}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      ...(opts.compact ? { notation: "compact", maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, f);
  }
  return f.format(Number(cents) / 100);
}

/** "12.50" or "12" → 1250; null for anything that is not a non-negative amount with ≤ 2 decimals. */
export function parseMoneyToCents(input: string): number | null {
  const m = input
    .trim()
    .replace(/^\$/, "")
    .match(/^(\d{1,7})(?:\.(\d{1,2}))?$/);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
}
