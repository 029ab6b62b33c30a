import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { MailboxView } from "@/features/delivery/components/mailbox-view";
import { listMailboxOpening } from "@/features/delivery/mailbox";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { isDevelopmentMailbox } from "@/lib/email";

export const metadata: Metadata = { title: "Mailbox" };

export default async function MailboxPage({ params, searchParams }: { params: Promise<{ merchant: string }>; searchParams: Promise<{ id?: string }> }) {
  const { merchant: slug } = await params;
  const { id } = await searchParams;
  const { merchant } = await requireMerchantPage(slug, "campaigns.send");
  if (!isDevelopmentMailbox()) notFound();
  const messages = await listMailboxOpening(merchant.id, id, 100);
  return (
    <>
      <PageHeader
        title="Development mailbox"
        description="No email provider is configured, so nothing leaves this machine: every email to your customers is kept here."
      />
      <MailboxView
        messages={messages}
        selectedId={id}
        basePath={`/m/${slug}/mailbox`}
        timeZone={merchant.timeZone}
        emptyAction={
          <Button asChild variant="outline">
            <Link href={`/m/${slug}/promotions`}>Send yourself a test promotion</Link>
          </Button>
        }
      />
    </>
  );
}
