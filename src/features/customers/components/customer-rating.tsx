/**
 * A customer's two ratings (docs/filters.md "Two ratings"): the usual one (mean of the 5 most recent
 * ratings) and the latest visit's. `compact` is the list's cell: the usual stars, the latest beside
 * them only when it differs. `full` is the Customer 360's figure: the usual stars large, then both in words.
 */
export function CustomerRating({ usual, latest, variant = "compact" }: { usual: number | null; latest: number | null; variant?: "compact" | "full" }) {
  if (!usual && !latest)
    return (
      <span className="text-muted-foreground" role="img" aria-label="Not rated">
        —
      </span>
    );
  if (variant === "full")
    return (
      <span className="flex flex-col gap-1" data-testid="customer-rating">
        <span className="text-amber-600" aria-hidden>
          {"★".repeat(usual ?? latest ?? 0)}
        </span>
        <span className="text-sm font-normal tracking-normal text-muted-foreground">
          {usual ? <span>Usually {stars(usual)}</span> : <span>No usual rating yet</span>}
          {latest ? (
            <>
              {" · "}
              <span>Latest {stars(latest)}</span>
            </>
          ) : null}
        </span>
      </span>
    );
  const words = usual ? `Usually ${stars(usual)}${latest && latest !== usual ? `, latest ${latest}` : ""}` : `Latest ${stars(latest!)}`;
  return (
    <span role="img" aria-label={words} title={words} className="whitespace-nowrap">
      <span className="text-amber-600" aria-hidden>
        {"★".repeat(usual ?? latest ?? 0)}
      </span>
      {usual && latest && latest !== usual ? (
        <span className="ml-1.5 text-xs text-slate-600" aria-hidden>
          latest {"★".repeat(latest)}
        </span>
      ) : null}
    </span>
  );
}

const stars = (n: number) => `${n} star${n === 1 ? "" : "s"}`;
