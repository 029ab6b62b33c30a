import { describe, expect, it, vi } from "vitest";

// The publisher console's pages: a member of the publisher sees them; another publisher's admin, a
// merchant's owner and a counter session get the same 404 as a publisher that does not exist, and
// a merchant or deal of another publisher is a 404 too. Onboarding and deal forms are admins' only.
const session = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));

import { requirePublisherPage } from "@/features/tenancy/queries";
import { getDealOrNotFound, requirePublisherMerchantPage } from "@/features/publishers/pages";
import { createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { db } from "./helpers";

type TUser = { id: string; email: string };
const as = (u: TUser | null, extra: Record<string, unknown> = {}) => {
  session.user = u ? { id: u.id, email: u.email, name: "", isPlatformAdmin: false, counterMerchantId: null, ...extra } : null;
};

describe("publisher pages", () => {
  it("answer only the publisher's own members", async () => {
    await db.publisher.create({ data: { slug: "pages-pub", name: "Pages Pub" } });
    await db.publisher.create({ data: { slug: "pages-rival", name: "Pages Rival" } });
    const admin = await createUser({ email: "admin@pages.example", publisherSlug: "pages-pub" });
    const member = await createUser({ email: "member@pages.example" });
    await db.publisherMembership.create({
      data: { publisherId: (await db.publisher.findUniqueOrThrow({ where: { slug: "pages-pub" } })).id, userId: member.id, role: "member" },
    });
    const rival = await createUser({ email: "admin@rival-pages.example", publisherSlug: "pages-rival" });
    const own = await createMerchant({ name: "Own", slug: "pages-own", timeZone: "UTC", publisherSlug: "pages-pub" });
    const theirs = await createMerchant({ name: "Theirs", slug: "pages-theirs", timeZone: "UTC", publisherSlug: "pages-rival" });
    const owner = await createUser({ email: "owner@pages-own.example", merchantSlug: own.slug, role: "owner" });
    const theirDeal = await db.deal.create({ data: { merchantId: theirs.id, title: "Their deal" } });

    as(admin);
    await expect(requirePublisherPage("pages-pub", { admin: true })).resolves.toMatchObject({ role: "admin" });
    await expect(requirePublisherMerchantPage("pages-pub", own.slug)).resolves.toMatchObject({ merchant: { id: own.id } });
    await expect(requirePublisherMerchantPage("pages-pub", theirs.slug)).rejects.toThrow("NEXT_NOT_FOUND");
    await expect(getDealOrNotFound(own.id, theirDeal.id)).rejects.toThrow("NEXT_NOT_FOUND");
    await expect(getDealOrNotFound(own.id, "not-a-uuid")).rejects.toThrow("NEXT_NOT_FOUND");
    await expect(requirePublisherPage("no-such-publisher")).rejects.toThrow("NEXT_NOT_FOUND");

    as(member);
    await expect(requirePublisherPage("pages-pub")).resolves.toMatchObject({ role: "member" });
    await expect(requirePublisherPage("pages-pub", { admin: true })).rejects.toThrow("NEXT_NOT_FOUND");

    as(rival);
    await expect(requirePublisherPage("pages-pub")).rejects.toThrow("NEXT_NOT_FOUND");
    as(owner);
    await expect(requirePublisherPage("pages-pub")).rejects.toThrow("NEXT_NOT_FOUND");
    as(admin, { counterMerchantId: own.id });
    await expect(requirePublisherPage("pages-pub")).rejects.toThrow("NEXT_NOT_FOUND");
    as(null);
    await expect(requirePublisherPage("pages-pub")).rejects.toThrow("NEXT_REDIRECT /sign-in?callbackUrl=%2Fp%2Fpages-pub");
  });
});
