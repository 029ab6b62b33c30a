import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import type { TActor } from "./edit";

export type TCustomerNote = { id: string; body: string; createdAt: Date; authorName: string | null };

/** The customer's notes, newest first, with who wrote them. */
export async function listNotes(merchantId: string, customerId: string, limit = 100): Promise<TCustomerNote[]> {
  const notes = await db.customerNote.findMany({ where: { merchantId, customerId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  const authorIds = [...new Set(notes.map((n) => n.authorUserId).filter((x): x is string => !!x))];
  const authors = authorIds.length ? await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true, email: true } }) : [];
  const nameOf = new Map(authors.map((u) => [u.id, u.name || u.email]));
  return notes.map((n) => ({ id: n.id, body: n.body, createdAt: n.createdAt, authorName: n.authorUserId ? (nameOf.get(n.authorUserId) ?? null) : null }));
}

export async function addNote(actor: TActor, input: { customerId: string; body: string }): Promise<{ id: string }> {
  const merchantId = actor.merchant.id;
  return db.$transaction(async (tx) => {
    const c = await tx.customer.findUnique({ where: { merchantId_id: { merchantId, id: input.customerId } }, select: { erasedAt: true } });
    if (!c) throw notFound("That customer");
    if (c.erasedAt) throw new AppError("CONFLICT", "This customer's personal data was erased on request; notes cannot be added.");
    const note = await tx.customerNote.create({
      data: { merchantId, customerId: input.customerId, body: input.body, authorUserId: actor.user.id },
      select: { id: true },
    });
    // The note's text stays out of the log: an erasure removes notes, and the log must not keep them.
    await recordAudit(
      { merchantId, actorUserId: actor.user.id, action: "customer.note_added", entityType: "Customer", entityId: input.customerId, data: { noteId: note.id } },
      tx,
    );
    return note;
  });
}

/** Deletes one note; deleting one already gone is a no-op (a retried click). */
export async function deleteNote(actor: TActor, input: { customerId: string; noteId: string }): Promise<{ deleted: boolean }> {
  const merchantId = actor.merchant.id;
  return db.$transaction(async (tx) => {
    const c = await tx.customer.findUnique({ where: { merchantId_id: { merchantId, id: input.customerId } }, select: { id: true } });
    if (!c) throw notFound("That customer");
    const { count } = await tx.customerNote.deleteMany({ where: { merchantId, customerId: input.customerId, id: input.noteId } });
    if (count)
      await recordAudit(
        {
          merchantId,
          actorUserId: actor.user.id,
          action: "customer.note_deleted",
          entityType: "Customer",
          entityId: input.customerId,
          data: { noteId: input.noteId },
        },
        tx,
      );
    return { deleted: count > 0 };
  });
}
