import { Progress } from "@/components/ui/progress";
import { LIMIT_KEYS, LIMIT_LABELS, formatCount, type TPlan } from "@/features/plans/plans";
import type { TUsage } from "@/features/plans/state";

/** One bar per limit of the plan: used against allowed, in words as well as width. */
export function UsageBars({ plan, usage }: { plan: TPlan; usage: TUsage }) {
  return (
    <ul className="grid gap-5 sm:grid-cols-2" aria-label="Usage against your plan">
      {LIMIT_KEYS.map((key) => {
        const limit = plan.limits[key];
        const used = usage[key];
        const label = LIMIT_LABELS[key];
        const over = limit !== null && used > limit;
        const overage = key === "promotionalEmailsPerMonth" && plan.emailOverage && limit !== null && used > limit;
        const hint =
          limit === null
            ? `${formatCount(used)} ${label.unit} · unlimited on ${plan.name}`
            : `${formatCount(used)} of ${formatCount(limit)} ${label.unit}` +
              (overage
                ? ` · ${formatCount(used - limit)} over, billed at $${(plan.emailOverage!.centsPerThousand / 100).toFixed(2)} per 1,000`
                : over
                  ? " · over the limit: nothing is lost, but you cannot add more"
                  : "");
        return (
          <li key={key} data-limit={key} className={over && !overage ? "rounded-md ring-2 ring-amber-300 ring-offset-4" : undefined}>
            <Progress label={label.label} value={limit === null ? 0 : limit === 0 ? 100 : (used / limit) * 100} hint={hint} />
          </li>
        );
      })}
    </ul>
  );
}
