"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Badge, type TBadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { TActionResult } from "@/lib/chain";
import { resendInvitationAction, resendInvitationAsPublisherAction, revokeInvitationAction, revokeInvitationAsPublisherAction } from "../actions";

export type TInvitationView = {
  id: string;
  email: string;
  role: string;
  status: "pending" | "accepted" | "revoked" | "expired";
  expiresAt: string;
  sendCount: number;
};

const STATUS: Record<TInvitationView["status"], { label: string; variant: TBadgeVariant }> = {
  pending: { label: "Waiting", variant: "info" },
  accepted: { label: "Accepted", variant: "success" },
  revoked: { label: "Revoked", variant: "outline" },
  expired: { label: "Expired", variant: "warning" },
};

/** Who manages the invitations: the merchant's owner (Team page) or its publisher (the console). */
export type TInvitationScope = { kind: "merchant"; merchantSlug: string } | { kind: "publisher"; publisherSlug: string; merchantSlug: string };

function actionsFor(scope: TInvitationScope) {
  if (scope.kind === "merchant") {
    return {
      resend: (invitationId: string) => resendInvitationAction(scope.merchantSlug, { invitationId }),
      revoke: (invitationId: string) => revokeInvitationAction(scope.merchantSlug, { invitationId }),
    };
  }
  return {
    resend: (invitationId: string) => resendInvitationAsPublisherAction(scope.publisherSlug, { merchantSlug: scope.merchantSlug, invitationId }),
    revoke: (invitationId: string) => revokeInvitationAsPublisherAction(scope.publisherSlug, { merchantSlug: scope.merchantSlug, invitationId }),
  };
}

/** Invitations with re-send and revoke. */
export function InvitationList({ invitations, scope }: { invitations: TInvitationView[]; scope: TInvitationScope }) {
  const { resend, revoke } = actionsFor(scope);
  const router = useRouter();
  const [pending, start] = useTransition();
  if (invitations.length === 0) return <p className="text-sm text-muted-foreground">No invitations waiting.</p>;
  const run = (fn: () => Promise<TActionResult<unknown>>, done: string) =>
    start(async () => {
      const res = await fn();
      if (!res.ok) toast.error(res.error);
      else {
        toast.success(done);
        router.refresh();
      }
    });
  return (
    <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Invitations">
      {invitations.map((i) => {
        const s = STATUS[i.status];
        return (
          <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div>
              <div className="font-medium">{i.email}</div>
              <div className="text-xs text-muted-foreground">
                {i.role} · sent {i.sendCount} {i.sendCount === 1 ? "time" : "times"} · {i.status === "expired" ? "expired" : "expires"}{" "}
                {i.expiresAt.slice(0, 10)}
              </div>
            </div>
            <div className="flex items-center gap-2">
              <Badge variant={s.variant}>{s.label}</Badge>
              {(i.status === "pending" || i.status === "expired") && (
                <>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={pending}
                    onClick={() => run(() => resend(i.id), `Sent again to ${i.email}.`)}
                    aria-label={`Send the invitation to ${i.email} again`}
                  >
                    Re-send
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={pending}
                    onClick={() =>
                      window.confirm(`Revoke the invitation to ${i.email}? Its link stops working.`) && run(() => revoke(i.id), "Invitation revoked.")
                    }
                    aria-label={`Revoke the invitation to ${i.email}`}
                  >
                    Revoke
                  </Button>
                </>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
