"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { deleteGroupAction, renameGroupAction } from "../actions";

/** Rename or delete one group, from its row on the Groups page. */
export function GroupActions({ merchantSlug, group }: { merchantSlug: string; group: { id: string; name: string; campaigns: number } }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  if (editing) {
    return (
      <form
        className="flex flex-wrap items-center justify-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get("name") ?? "");
          start(async () => {
            const res = await renameGroupAction(merchantSlug, { groupId: group.id, name });
            if (!res.ok) return setError(res.fieldErrors?.name ?? res.error);
            setError(undefined);
            setEditing(false);
            toast.success(`Renamed to “${res.data.name}”.`);
            router.refresh();
          });
        }}
      >
        <Input
          name="name"
          defaultValue={group.name}
          aria-label="New group name"
          className="h-9 w-48"
          autoFocus
          aria-invalid={!!error}
          aria-describedby={error ? `rename-${group.id}-error` : undefined}
        />
        <Button type="submit" size="sm" disabled={pending}>
          Save
        </Button>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          onClick={() => {
            setEditing(false);
            setError(undefined);
          }}
        >
          Cancel
        </Button>
        {error && (
          <p id={`rename-${group.id}-error`} role="alert" className="w-full text-right text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    );
  }
  return (
    <span className="inline-flex gap-1">
      <Button type="button" size="icon" variant="ghost" aria-label={`Rename “${group.name}”`} onClick={() => setEditing(true)}>
        <Pencil aria-hidden />
      </Button>
      <Button
        type="button"
        size="icon"
        variant="ghost"
        aria-label={`Delete “${group.name}”`}
        disabled={pending}
        onClick={() => {
          const note = group.campaigns ? ` Its ${group.campaigns} campaign${group.campaigns === 1 ? "" : "s"} keep their results.` : "";
          if (!window.confirm(`Delete the group “${group.name}”?${note} Customers are not deleted.`)) return;
          start(async () => {
            const res = await deleteGroupAction(merchantSlug, { groupId: group.id });
            if (!res.ok) {
              toast.error(res.error);
              return;
            }
            toast.success(`Deleted “${group.name}”.`);
            router.refresh();
          });
        }}
      >
        <Trash2 aria-hidden />
      </Button>
    </span>
  );
}
