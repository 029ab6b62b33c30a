import type { ReactNode } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { AcceptAsMe, SetPasswordAndJoin } from "@/features/accounts/components/accept-invitation";
import { getInvitationByToken } from "@/features/accounts/invitations";
import { getCurrentUser } from "@/lib/auth";

export const metadata: Metadata = { title: "Your invitation" };
export const dynamic = "force-dynamic";

const CLOSED = {
  accepted: { title: "This invitation was already used", body: "Each invitation link works once. If it was you, sign in." },
  revoked: { title: "This invitation was withdrawn", body: "Ask whoever invited you to send a new one." },
  expired: { title: "This invitation has expired", body: "Ask whoever invited you to send it again; the new email has a fresh link." },
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([getInvitationByToken(token), getCurrentUser()]);
  const here = `/invite/${token}`;

  let body: ReactNode;
  if (!invitation) {
    body = (
      <Alert variant="error" title="This invitation link is not valid">
        Check that you opened the whole link from the email, or ask for a new invitation.
      </Alert>
    );
  } else if (invitation.status !== "pending") {
    const c = CLOSED[invitation.status];
    body = (
      <Alert variant="warning" title={c.title}>
        {c.body}{" "}
        <Link className="underline" href="/sign-in">
          Sign in
        </Link>
      </Alert>
    );
  } else if (user && !user.counterMerchantId && user.email.toLowerCase() === invitation.email) {
    body = <AcceptAsMe token={token} merchantName={invitation.merchant.name} />;
  } else if (user) {
    body = (
      <Alert variant="warning" title={`This invitation is for ${invitation.email}`}>
        You are signed in as {user.email}.{" "}
        <Link className="underline" href={`/api/auth/signout?callbackUrl=${encodeURIComponent(here)}`}>
          Sign out
        </Link>{" "}
        and open the link again.
      </Alert>
    );
  } else if (invitation.hasPassword) {
    body = (
      <div className="space-y-3 text-sm">
        <p>{invitation.email} already has a Regulars account. Sign in, and you will come back here to join.</p>
        <Link
          className="inline-flex h-12 w-full items-center justify-center rounded-md bg-primary px-5 font-medium text-primary-foreground"
          href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}
        >
          Sign in to accept
        </Link>
      </div>
    );
  } else {
    body = <SetPasswordAndJoin token={token} email={invitation.email} />;
  }

  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center">
          <Link href="/" className="text-2xl font-bold tracking-tight text-teal-800">
            Regulars
          </Link>
          <h1 className="mt-2 text-xl font-semibold text-slate-900">
            {invitation && invitation.status === "pending" ? `Join ${invitation.merchant.name}` : "Your invitation"}
          </h1>
          {invitation?.status === "pending" && (
            <p className="mt-1 text-sm text-slate-600">as {invitation.role === "owner" ? "an owner" : `a ${invitation.role}`}</p>
          )}
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{body}</div>
      </div>
    </main>
  );
}
