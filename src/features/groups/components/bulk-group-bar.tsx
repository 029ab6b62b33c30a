"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useFormSubmit } from "@/components/forms/use-form-submit";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { addToStaticGroupAction } from "../actions";

/** The list's bulk action: the ticked rows (checkboxes with form="bulk-group") into a static group. */
export function BulkGroupBar({ merchantSlug, groups }: { merchantSlug: string; groups: { id: string; name: string }[] }) {
  const router = useRouter();
  const [target, setTarget] = useState(groups[0]?.id ?? "new");
  const [error, setError] = useState<string>();
  // A refused add keeps the ticks (the rows are form="bulk-group" fields); a done one clears them.
  const { pending, onSubmit } = useFormSubmit(async (fd) => {
    const customerIds = fd.getAll("ids").map(String);
    const res = await addToStaticGroupAction(merchantSlug, {
      customerIds,
      ...(target === "new" ? { newGroupName: String(fd.get("newGroupName") ?? "") } : { groupId: target }),
    });
    if (!res.ok) {
      setError(Object.values(res.fieldErrors ?? {})[0] ?? res.error);
      return false;
    }
    setError(undefined);
    toast.success(`${customerIds.length} added to “${res.data.name}” (${res.data.count} in the group).`);
    router.refresh();
    return true;
  });
  return (
    <form id="bulk-group" className="mb-3 flex flex-wrap items-end gap-2 rounded-lg bg-slate-100 p-3" onSubmit={onSubmit}>
      <div className="space-y-1">
        <Label htmlFor="bulk-target" className="block">
          Add ticked customers to
        </Label>
        <Select id="bulk-target" value={target} onChange={(e) => setTarget(e.target.value)} className="w-56">
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
          <option value="new">A new hand-picked group…</option>
        </Select>
      </div>
      {target === "new" && (
        <div className="space-y-1">
          <Label htmlFor="bulk-new-name" className="block">
            New group name
          </Label>
          <Input id="bulk-new-name" name="newGroupName" placeholder="VIP table" className="w-56" />
        </div>
      )}
      <Button type="submit" variant="outline" disabled={pending}>
        Add
      </Button>
      {error && (
        <p className="w-full text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
