"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction } from "../actions";

const ROLES = [
  { value: "staff", label: "Staff — the counter and customers" },
  { value: "manager", label: "Manager — everything but team and billing" },
  { value: "owner", label: "Owner — everything" },
] as const;

export function InviteMemberForm({ merchantSlug }: { merchantSlug: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <form
      aria-label="Invite a team member"
      className="flex flex-wrap items-end gap-3"
      action={(fd) =>
        start(async () => {
          const res = await inviteMemberAction(merchantSlug, { email: String(fd.get("email") ?? ""), role: String(fd.get("role") ?? "") });
          if (!res.ok) return setErrors({ ...(res.fieldErrors ?? {}), _: res.fieldErrors ? "" : res.error });
          setErrors({});
          toast.success("Invitation sent.");
          router.refresh();
        })
      }
    >
      <div className="space-y-1.5">
        <Label htmlFor="invite-email">Email</Label>
        <Input
          id="invite-email"
          name="email"
          type="email"
          className="w-72"
          aria-invalid={!!errors.email}
          aria-describedby={errors.email ? "invite-email-error" : undefined}
        />
        {errors.email && (
          <p id="invite-email-error" className="text-sm text-red-700">
            {errors.email}
          </p>
        )}
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="invite-role">Role</Label>
        <Select id="invite-role" name="role" defaultValue="staff" className="w-80">
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" disabled={pending}>
        Send invitation
      </Button>
      {errors._ && (
        <p role="alert" className="w-full text-sm text-red-700">
          {errors._}
        </p>
      )}
    </form>
  );
}

export function MemberRoleSelect({ merchantSlug, userId, role, name }: { merchantSlug: string; userId: string; role: string; name: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Select
      aria-label={`Role of ${name}`}
      value={role}
      disabled={pending}
      className="w-36"
      onChange={(e) => {
        const next = e.target.value;
        start(async () => {
          const res = await changeMemberRoleAction(merchantSlug, { userId, role: next });
          if (!res.ok) toast.error(res.error);
          else toast.success(`${name} is now ${next === "owner" ? "an owner" : `a ${next}`}.`);
          router.refresh();
        });
      }}
    >
      {ROLES.map((r) => (
        <option key={r.value} value={r.value}>
          {r.value[0]!.toUpperCase() + r.value.slice(1)}
        </option>
      ))}
    </Select>
  );
}

export function RemoveMemberButton({ merchantSlug, userId, name }: { merchantSlug: string; userId: string; name: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant="ghost"
      disabled={pending}
      aria-label={`Remove ${name}`}
      onClick={() => {
        if (!window.confirm(`Remove ${name} from the team? They lose access at once.`)) return;
        start(async () => {
          const res = await removeMemberAction(merchantSlug, { userId });
          if (!res.ok) toast.error(res.error);
          else {
            toast.success(`${name} was removed.`);
            router.refresh();
          }
        });
      }}
    >
      Remove
    </Button>
  );
}
