"use client";

import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { deleteSmartFilterAction, moveSmartFilterAction, renameSmartFilterAction } from "../actions";

/** The merchant's own saved Smart Filters: rename, move up or down, delete (the presets stay). */
export function SavedFiltersManager({ merchantSlug, filters }: { merchantSlug: string; filters: { id: string; name: string }[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const run = (id: string, fn: () => Promise<{ ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string> }>, done?: string) =>
    start(async () => {
      const res = await fn();
      if (!res.ok) return setErrors((e) => ({ ...e, [id]: res.fieldErrors?.name ?? res.error }));
      setErrors((e) => ({ ...e, [id]: "" }));
      if (done) toast.success(done);
      router.refresh();
    });
  return (
    <ul className="mt-2 space-y-2" aria-label="Your saved filters">
      {filters.map((f, i) => (
        <li key={f.id} className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white p-2">
          <form
            className="flex flex-1 flex-wrap items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const name = String(new FormData(e.currentTarget).get("name") ?? "");
              run(f.id, () => renameSmartFilterAction(merchantSlug, { id: f.id, name }), `Renamed to “${name.trim()}”.`);
            }}
          >
            <Input name="name" defaultValue={f.name} aria-label={`Name of “${f.name}”`} className="h-9 w-56" aria-invalid={!!errors[f.id]} />
            <Button type="submit" size="sm" variant="outline" disabled={pending}>
              Rename
            </Button>
          </form>
          <Button
            type="button"
            size="icon"
            variant="ghost"
            aria-label={`Move “${f.name}” up`}
            disabled={pending || i === 0}
            onClick={() => run(f.id, () => moveSmartFilterAction(merchantSlug, { id: f.id, direction: "up" }))}
          >
            <ArrowUp aria-hidden />
          </Button>
          <Button
            type="button"
            size="icon"
            variant="ghost"
            aria-label={`Move “${f.name}” down`}
            disabled={pending || i === filters.length - 1}
            onClick={() => run(f.id, () => moveSmartFilterAction(merchantSlug, { id: f.id, direction: "down" }))}
          >
            <ArrowDown aria-hidden />
          </Button>
          <Button
            type="button"
            size="icon"
            variant="ghost"
            aria-label={`Delete “${f.name}”`}
            disabled={pending}
            onClick={() => {
              if (window.confirm(`Delete the saved filter “${f.name}”? Groups made from it keep working.`))
                run(f.id, () => deleteSmartFilterAction(merchantSlug, { id: f.id }), `Deleted “${f.name}”.`);
            }}
          >
            <Trash2 aria-hidden />
          </Button>
          {errors[f.id] && (
            <p role="alert" className="w-full text-sm text-red-700">
              {errors[f.id]}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
