import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";

/** The development mailbox: emails this merchant's app would have sent, newest first. */
export async function listMailbox(merchantId: string, opts: { to?: string; limit: number }) {
  return db.emailMessage.findMany({
    where: { merchantId, transport: "mailbox", ...(opts.to ? { to: opts.to.toLowerCase() } : {}) },
    // A campaign writes a chunk's emails at one instant: the id makes the order stable.
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: opts.limit,
  });
}

export async function getMailboxMessage(merchantId: string, id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  return db.emailMessage.findFirst({ where: { merchantId, id, transport: "mailbox" } });
}

/**
 * The mailbox page's list: the newest messages and, when a link names an older one (a campaign
 * writes hundreds at once), that one first, so a link to any of this merchant's messages opens it.
 */
export async function listMailboxOpening(merchantId: string, openId: string | undefined, limit: number) {
  const messages = await listMailbox(merchantId, { limit });
  if (!openId || messages.some((m) => m.id === openId)) return messages;
  const opened = await getMailboxMessage(merchantId, openId);
  return opened ? [opened, ...messages] : messages;
}
