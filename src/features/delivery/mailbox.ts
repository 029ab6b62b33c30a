import "server-only";
import { db } from "@/lib/db";

/** The development mailbox: emails this merchant's app would have sent, newest first. */
export async function listMailbox(merchantId: string, opts: { to?: string; limit: number }) {
  return db.emailMessage.findMany({
    where: { merchantId, transport: "mailbox", ...(opts.to ? { to: opts.to.toLowerCase() } : {}) },
    orderBy: { sentAt: "desc" },
    take: opts.limit,
  });
}

export async function getMailboxMessage(merchantId: string, id: string) {
  return db.emailMessage.findFirst({ where: { merchantId, id, transport: "mailbox" } });
}
