"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { inviteOwnerAction } from "../actions";

/** Invite (another) owner for a merchant the publisher onboarded. */
export function InviteOwnerForm({ publisherSlug, merchantSlug }: { publisherSlug: string; merchantSlug: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      action={(fd) =>
        start(async () => {
          const res = await inviteOwnerAction(publisherSlug, { merchantSlug, email: String(fd.get("email") ?? "") });
          if (!res.ok) return setError(res.fieldErrors?.email ?? res.error);
          setError(undefined);
          toast.success("Invitation sent.");
          router.refresh();
        })
      }
    >
      <div className="space-y-1.5">
        <Label htmlFor="invite-owner-email">Invite an owner by email</Label>
        <Input
          id="invite-owner-email"
          name="email"
          type="email"
          className="w-72"
          aria-invalid={!!error}
          aria-describedby={error ? "invite-owner-error" : undefined}
        />
        {error && (
          <p id="invite-owner-error" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" disabled={pending}>
        Send invitation
      </Button>
    </form>
  );
}
