"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { mergeTagsAction, renameTagAction, retireTagAction } from "../actions";

type TTag = { id: string; name: string; retired: boolean };

/** Rename, merge into another tag, retire or restore: one tag's row on Settings › Tags. */
export function TagRowActions({ merchantSlug, tag, others }: { merchantSlug: string; tag: TTag; others: { id: string; name: string }[] }) {
  const router = useRouter();
  const [mode, setMode] = useState<"idle" | "rename" | "merge">("idle");
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const done = (message: string) => {
    setError(undefined);
    setMode("idle");
    toast.success(message);
    router.refresh();
  };
  if (mode === "rename") {
    return (
      <form
        className="flex flex-wrap items-center justify-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get("name") ?? "");
          start(async () => {
            const res = await renameTagAction(merchantSlug, { tagId: tag.id, name });
            if (!res.ok) return setError(res.fieldErrors?.name ?? res.error);
            done(`Renamed to “${res.data.name}”. Saved filters and groups that named it follow.`);
          });
        }}
      >
        <Input name="name" defaultValue={tag.name} aria-label={`New name for “${tag.name}”`} className="h-9 w-44" autoFocus aria-invalid={!!error} />
        <Button type="submit" size="sm" disabled={pending}>
          Save
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setMode("idle")}>
          Cancel
        </Button>
        {error && (
          <p role="alert" className="w-full text-right text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    );
  }
  if (mode === "merge") {
    return (
      <form
        className="flex flex-wrap items-center justify-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const intoTagId = String(new FormData(e.currentTarget).get("into") ?? "");
          const into = others.find((o) => o.id === intoTagId);
          if (
            !into ||
            !window.confirm(
              `Merge “${tag.name}” into “${into.name}”? Every visit and customer tagged “${tag.name}” will be tagged “${into.name}”, and “${tag.name}” goes away.`,
            )
          )
            return;
          start(async () => {
            const res = await mergeTagsAction(merchantSlug, { tagId: tag.id, intoTagId });
            if (!res.ok) return setError(res.fieldErrors?.intoTagId ?? res.error);
            done(`Merged “${tag.name}” into “${res.data.name}”.`);
          });
        }}
      >
        <label htmlFor={`into-${tag.id}`} className="text-sm text-slate-700">
          Merge into
        </label>
        <Select id={`into-${tag.id}`} name="into" className="h-9 w-44">
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </Select>
        <Button type="submit" size="sm" disabled={pending}>
          Merge
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setMode("idle")}>
          Cancel
        </Button>
        {error && (
          <p role="alert" className="w-full text-right text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    );
  }
  return (
    <span className="inline-flex flex-wrap justify-end gap-1">
      <Button type="button" size="sm" variant="ghost" onClick={() => setMode("rename")} aria-label={`Rename “${tag.name}”`}>
        Rename
      </Button>
      {others.length > 0 && (
        <Button type="button" size="sm" variant="ghost" onClick={() => setMode("merge")} aria-label={`Merge “${tag.name}”`}>
          Merge…
        </Button>
      )}
      <Button
        type="button"
        size="sm"
        variant="outline"
        disabled={pending}
        aria-label={`${tag.retired ? "Restore" : "Retire"} “${tag.name}”`}
        onClick={() =>
          start(async () => {
            const res = await retireTagAction(merchantSlug, { tagId: tag.id, retired: !tag.retired });
            if (!res.ok) return setError(res.error);
            done(tag.retired ? `“${tag.name}” is offered at the counter again.` : `“${tag.name}” is retired: the counter no longer offers it.`);
          })
        }
      >
        {tag.retired ? "Restore" : "Retire"}
      </Button>
      {error && (
        <p role="alert" className="w-full text-right text-sm text-red-700">
          {error}
        </p>
      )}
    </span>
  );
}
