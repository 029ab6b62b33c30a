"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { finishedFilter } from "../draft";
import { encodeFilter } from "../encode";
import type { TActionResult } from "@/lib/chain";
import { fetchJson } from "@/lib/fetch-json";
import type { TCustomerCount, TFilter } from "../schemas";
import { FilterBuilder, FilterErrors } from "./filter-builder";

type TSaveFilterAs<T> = (merchantSlug: string, input: { name: string; filter: TFilter }) => Promise<TActionResult<T>>;

/**
 * The builder with its live count (debounced), summary, "show" and "save as group". Saving is the
 * groups feature's: the page passes its actions in (`saveAs`, absent without the permission), so
 * filters never import groups, which are built on filters.
 */
export function FilterPanel({
  merchantSlug,
  initial,
  saveAs,
}: {
  merchantSlug: string;
  initial: TFilter;
  saveAs?: { group: TSaveFilterAs<{ name: string; count: number }>; smartFilter: TSaveFilterAs<{ name: string }> };
}) {
  const router = useRouter();
  // The builder's draft; what is counted, shown and saved is its finished part (../draft.ts).
  const [draft, setDraft] = useState<TFilter>(initial);
  const filter = useMemo(() => finishedFilter(draft), [draft]);
  const filterKey = JSON.stringify(filter);
  const [count, setCount] = useState<number | null>(null);
  const [summary, setSummary] = useState("");
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const [groupName, setGroupName] = useState("");
  const [groupError, setGroupError] = useState<string>();
  const onChange = useCallback((f: TFilter) => setDraft(f), []);

  // Keyed by the finished filter's text (filterKey), not its object: see the note at the end.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new object with the same filter must not recount
  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    const t = window.setTimeout(async () => {
      const res = await fetchJson<TCustomerCount>(`/m/${merchantSlug}/customers/count`, {
        method: "POST",
        body: JSON.stringify({ filter }),
        signal: ctrl.signal,
      });
      if (!res) {
        // Aborted by a newer edit: that one answers. Otherwise the network failed: say so, don't spin forever.
        if (!ctrl.signal.aborted) {
          setLoading(false);
          setCount(null);
          setSummary("Could not count right now — check the connection, then change the filter to try again.");
        }
        return;
      }
      setLoading(false);
      if (res.ok) {
        setCount(res.data.count);
        setSummary(res.data.summary);
        setErrors([]);
      } else setErrors(res.problem?.errors ?? [{ path: "/", message: res.problem?.detail ?? "This filter could not be counted." }]);
    }, 300);
    return () => {
      ctrl.abort();
      window.clearTimeout(t);
    };
    // Keyed by the finished filter's text: typing into an unfinished condition does not recount.
  }, [filterKey, merchantSlug]);

  return (
    <section aria-label="Filter builder" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4">
      <FilterBuilder initial={initial} onChange={onChange} />
      <FilterErrors errors={errors} />
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
        <div>
          <p className="text-2xl font-semibold tabular-nums text-slate-900" aria-live="polite" data-testid="live-count">
            {count === null ? "…" : `${count.toLocaleString("en-US")} customer${count === 1 ? "" : "s"}`}
            {loading && <span className="ml-2 text-sm font-normal text-slate-500">updating…</span>}
          </p>
          <p className="text-sm text-slate-600">{summary}</p>
        </div>
        <Button onClick={() => router.push(`/m/${merchantSlug}/customers?f=${encodeFilter(filter)}`)} disabled={errors.length > 0}>
          Show these customers
        </Button>
      </div>
      {saveAs && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const res = await saveAs.group(merchantSlug, { name: groupName, filter });
            if (!res.ok) return setGroupError(res.fieldErrors?.name ?? res.error);
            setGroupError(undefined);
            toast.success(`Saved “${res.data.name}” — ${res.data.count.toLocaleString("en-US")} customers right now; it stays up to date.`);
            setGroupName("");
          }}
        >
          <div className="space-y-1">
            <Label htmlFor="group-name">Save as group</Label>
            <Input
              id="group-name"
              value={groupName}
              onChange={(e) => setGroupName(e.target.value)}
              placeholder="Off Peak regulars"
              aria-invalid={!!groupError}
              aria-describedby={groupError ? "group-name-error" : undefined}
            />
            {groupError && (
              <p id="group-name-error" className="text-sm text-red-700">
                {groupError}
              </p>
            )}
          </div>
          <Button type="submit" variant="outline" disabled={errors.length > 0}>
            Save group
          </Button>
          <Button
            type="button"
            variant="ghost"
            disabled={errors.length > 0}
            onClick={async () => {
              const res = await saveAs.smartFilter(merchantSlug, { name: groupName, filter });
              if (!res.ok) return setGroupError(res.fieldErrors?.name ?? res.error);
              setGroupError(undefined);
              toast.success(`Saved “${res.data.name}” under Your saved filters.`);
              router.refresh();
            }}
          >
            Save as my filter
          </Button>
        </form>
      )}
    </section>
  );
}
