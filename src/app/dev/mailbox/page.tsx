import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { MailboxView } from "@/features/delivery/components/mailbox-view";
import { env } from "@/lib/env";
import { isLoopbackRequest } from "@/lib/client-ip";
import { db } from "@/lib/db";
import { isDevelopmentMailbox } from "@/lib/email";
import { withPlatform } from "@/lib/tenant";

export const metadata: Metadata = { title: "Sign-in mailbox", robots: { index: false } };
export const dynamic = "force-dynamic";

// Account emails (sign-in links) on a development machine. Exists only without an email provider
// AND with DEV_MAILBOX_PUBLIC=1, which the demo runner and the e2e suite set — never in production —
// and only for a browser on this machine: anyone else reaching the port would read every sign-in link.
export default async function DevMailboxPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  if (!isDevelopmentMailbox() || !env().DEV_MAILBOX_PUBLIC) notFound();
  if (!isLoopbackRequest(await headers())) notFound();
  const { id } = await searchParams;
  // Account emails belong to no merchant: platform rows (row-level security, docs/operations.md).
  const messages = await withPlatform("dev mailbox: account emails", () =>
    db.emailMessage.findMany({ where: { merchantId: null, transport: "mailbox" }, orderBy: { sentAt: "desc" }, take: 50 }),
  );
  return (
    <main className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="mb-4 text-2xl font-semibold">Development mailbox — account emails</h1>
      <MailboxView messages={messages} selectedId={id} basePath="/dev/mailbox" />
    </main>
  );
}
