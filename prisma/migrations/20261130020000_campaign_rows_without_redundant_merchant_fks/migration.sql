-- Hand-written. A campaign start inserts one voucher and one recipient row per customer in one
-- statement, and every foreign key is a per-row check: 8 checks per customer were half of the
-- statement's time. Two of them are implied by others and go:
--   vouchers.merchantId → merchants: (merchantId, dealId) → deals, whose merchantId → merchants;
--   campaign_recipients.merchantId → merchants: (merchantId, campaignId) → campaigns, likewise.
-- Deleting a merchant still removes both (merchants → deals → vouchers, merchants → campaigns →
-- campaign_recipients, all ON DELETE CASCADE). Prisma's relations Voucher.merchant and
-- CampaignRecipient.merchant stay (they only name the join).
ALTER TABLE "vouchers" DROP CONSTRAINT "vouchers_merchantId_fkey";
ALTER TABLE "campaign_recipients" DROP CONSTRAINT "campaign_recipients_merchantId_fkey";
