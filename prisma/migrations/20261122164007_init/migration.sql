-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "MerchantRole" AS ENUM ('owner', 'manager', 'staff');

-- CreateEnum
CREATE TYPE "PublisherRole" AS ENUM ('admin', 'member');

-- CreateEnum
CREATE TYPE "ChannelPreference" AS ENUM ('email', 'sms', 'none');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('bounced', 'complained', 'manual');

-- CreateEnum
CREATE TYPE "RecordSource" AS ENUM ('counter', 'api', 'import', 'deal', 'seed');

-- CreateEnum
CREATE TYPE "DealKind" AS ENUM ('daily_deal', 'social_select');

-- CreateEnum
CREATE TYPE "VoucherStatus" AS ENUM ('active', 'redeemed', 'void');

-- CreateEnum
CREATE TYPE "GroupKind" AS ENUM ('dynamic', 'static');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'scheduled', 'sending', 'sent', 'cancelled', 'failed');

-- CreateEnum
CREATE TYPE "RecipientStatus" AS ENUM ('queued', 'sent', 'delivered', 'bounced', 'complained', 'failed', 'held_out');

-- CreateEnum
CREATE TYPE "AutomationKind" AS ENUM ('birthday', 'anniversary', 'win_back', 'second_visit');

-- CreateTable
CREATE TABLE "publishers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publishers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merchants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "publisherId" UUID,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT 'restaurant',
    "timeZone" TEXT NOT NULL DEFAULT 'America/New_York',
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "addressLine1" TEXT NOT NULL DEFAULT '',
    "addressLine2" TEXT,
    "city" TEXT NOT NULL DEFAULT '',
    "region" TEXT NOT NULL DEFAULT '',
    "postalCode" TEXT NOT NULL DEFAULT '',
    "country" CHAR(2) NOT NULL DEFAULT 'US',
    "logoUrl" TEXT,
    "brandColor" TEXT NOT NULL DEFAULT '#0f766e',
    "promotionFrequencyCapDays" INTEGER NOT NULL DEFAULT 7,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "merchants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT,
    "isPlatformAdmin" BOOLEAN NOT NULL DEFAULT false,
    "emailVerifiedAt" TIMESTAMPTZ(3),
    "lastSignInAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "merchantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "MerchantRole" NOT NULL,
    "pinHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("merchantId","userId")
);

-- CreateTable
CREATE TABLE "publisher_memberships" (
    "publisherId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "PublisherRole" NOT NULL DEFAULT 'admin',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publisher_memberships_pkey" PRIMARY KEY ("publisherId","userId")
);

-- CreateTable
CREATE TABLE "counter_devices" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "pairedById" UUID NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "counter_devices_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "magic_link_tokens" (
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "magic_link_tokens_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "customers" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "externalId" TEXT,
    "email" TEXT,
    "emailNormalized" TEXT,
    "phone" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "zip" TEXT,
    "birthday" DATE,
    "anniversary" DATE,
    "channelPreference" "ChannelPreference" NOT NULL DEFAULT 'email',
    "interests" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "socialScore" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT,
    "source" "RecordSource" NOT NULL DEFAULT 'counter',
    "emailConsent" BOOLEAN NOT NULL DEFAULT false,
    "emailConsentSource" TEXT,
    "emailConsentAt" TIMESTAMPTZ(3),
    "unsubscribedAt" TIMESTAMPTZ(3),
    "suppressedAt" TIMESTAMPTZ(3),
    "suppressionReason" "SuppressionReason",
    "visitCount" INTEGER NOT NULL DEFAULT 0,
    "voucherVisitCount" INTEGER NOT NULL DEFAULT 0,
    "totalSpentCents" BIGINT NOT NULL DEFAULT 0,
    "firstVisitAt" TIMESTAMPTZ(3),
    "lastVisitAt" TIMESTAMPTZ(3),
    "secondLastVisitAt" TIMESTAMPTZ(3),
    "thirdLastVisitAt" TIMESTAMPTZ(3),
    "lastRating" SMALLINT,
    "lastRatedAt" TIMESTAMPTZ(3),
    "weekdayMask" SMALLINT NOT NULL DEFAULT 0,
    "hourMask" INTEGER NOT NULL DEFAULT 0,
    "tagIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "rfmRecency" SMALLINT,
    "rfmFrequency" SMALLINT,
    "rfmMonetary" SMALLINT,
    "rfmSegment" TEXT,
    "lifetimeValueCents" BIGINT,
    "rfmComputedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "tags" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "normalizedName" TEXT NOT NULL,
    "color" TEXT,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tags_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "customer_tags" (
    "merchantId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "tagId" UUID NOT NULL,

    CONSTRAINT "customer_tags_pkey" PRIMARY KEY ("merchantId","customerId","tagId")
);

-- CreateTable
CREATE TABLE "visits" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customerId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "localDate" DATE NOT NULL,
    "localDayOfWeek" SMALLINT NOT NULL,
    "localHour" SMALLINT NOT NULL,
    "amountCents" INTEGER NOT NULL DEFAULT 0,
    "partySize" SMALLINT NOT NULL DEFAULT 1,
    "rating" SMALLINT,
    "staffUserId" UUID,
    "voucherId" UUID,
    "note" TEXT,
    "source" "RecordSource" NOT NULL DEFAULT 'counter',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "visits_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "visit_tags" (
    "merchantId" UUID NOT NULL,
    "visitId" UUID NOT NULL,
    "tagId" UUID NOT NULL,

    CONSTRAINT "visit_tags_pkey" PRIMARY KEY ("merchantId","visitId","tagId")
);

-- CreateTable
CREATE TABLE "deals" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "publisherId" UUID,
    "kind" "DealKind" NOT NULL DEFAULT 'daily_deal',
    "title" TEXT NOT NULL,
    "priceCents" INTEGER NOT NULL DEFAULT 0,
    "valueCents" INTEGER NOT NULL DEFAULT 0,
    "startsAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),
    "voucherExpiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deals_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "vouchers" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dealId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "status" "VoucherStatus" NOT NULL DEFAULT 'active',
    "customerId" UUID,
    "campaignId" UUID,
    "purchaserName" TEXT,
    "purchaserEmail" TEXT,
    "purchasedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),
    "redeemedAt" TIMESTAMPTZ(3),
    "redeemedByUserId" UUID,
    "visitId" UUID,
    "voidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vouchers_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "smart_filters" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "smart_filters_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "groups" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "kind" "GroupKind" NOT NULL,
    "filter" JSONB,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMPTZ(3),

    CONSTRAINT "groups_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "group_members" (
    "merchantId" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_members_pkey" PRIMARY KEY ("merchantId","groupId","customerId")
);

-- CreateTable
CREATE TABLE "promotions" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "offer" TEXT NOT NULL,
    "terms" TEXT,
    "validDaysOfWeek" SMALLINT[] DEFAULT ARRAY[]::SMALLINT[],
    "validHourFrom" SMALLINT,
    "validHourTo" SMALLINT,
    "expiresInDays" INTEGER,
    "oncePerCustomer" BOOLEAN NOT NULL DEFAULT true,
    "subject" TEXT NOT NULL,
    "preheader" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "archivedAt" TIMESTAMPTZ(3),

    CONSTRAINT "promotions_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "promotionId" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "dealId" UUID,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "holdoutPercent" SMALLINT NOT NULL DEFAULT 10,
    "sendAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "audienceCount" INTEGER NOT NULL DEFAULT 0,
    "holdoutCount" INTEGER NOT NULL DEFAULT 0,
    "excluded" JSONB NOT NULL DEFAULT '{}',
    "duplicatedFromId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "campaign_recipients" (
    "merchantId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "email" TEXT,
    "isHoldout" BOOLEAN NOT NULL DEFAULT false,
    "status" "RecipientStatus" NOT NULL DEFAULT 'queued',
    "voucherId" UUID,
    "providerMessageId" TEXT,
    "attempts" SMALLINT NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "deliveredAt" TIMESTAMPTZ(3),
    "openedAt" TIMESTAMPTZ(3),
    "clickedAt" TIMESTAMPTZ(3),
    "bouncedAt" TIMESTAMPTZ(3),
    "complainedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_recipients_pkey" PRIMARY KEY ("merchantId","campaignId","customerId")
);

-- CreateTable
CREATE TABLE "automations" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "AutomationKind" NOT NULL,
    "promotionId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "automations_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "merchantId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hashedKey" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("merchantId","id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "merchantId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("merchantId","key")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "merchantId" UUID,
    "publisherId" UUID,
    "actorUserId" UUID,
    "actorApiKeyId" UUID,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "merchantId" UUID NOT NULL,
    "stripeCustomerId" TEXT,
    "stripeSubscriptionId" TEXT,
    "plan" TEXT NOT NULL DEFAULT 'trial',
    "status" TEXT NOT NULL DEFAULT 'trialing',
    "currentPeriodEnd" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("merchantId")
);

-- CreateTable
CREATE TABLE "email_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "merchantId" UUID,
    "to" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "transport" TEXT NOT NULL,
    "providerMessageId" TEXT,
    "campaignId" UUID,
    "voucherCode" TEXT,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "provider" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("provider","eventId")
);

-- CreateIndex
CREATE UNIQUE INDEX "publishers_slug_key" ON "publishers"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "merchants_slug_key" ON "merchants"("slug");

-- CreateIndex
CREATE INDEX "merchants_publisherId_idx" ON "merchants"("publisherId");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_userId_idx" ON "memberships"("userId");

-- CreateIndex
CREATE INDEX "publisher_memberships_userId_idx" ON "publisher_memberships"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "counter_devices_tokenHash_key" ON "counter_devices"("tokenHash");

-- CreateIndex
CREATE INDEX "magic_link_tokens_email_idx" ON "magic_link_tokens"("email");

-- CreateIndex
CREATE INDEX "customers_merchantId_lastVisitAt_idx" ON "customers"("merchantId", "lastVisitAt");

-- CreateIndex
CREATE INDEX "customers_merchantId_totalSpentCents_id_idx" ON "customers"("merchantId", "totalSpentCents" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "customers_merchantId_createdAt_idx" ON "customers"("merchantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "customers_merchantId_externalId_key" ON "customers"("merchantId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "customers_merchantId_emailNormalized_key" ON "customers"("merchantId", "emailNormalized");

-- CreateIndex
CREATE UNIQUE INDEX "customers_merchantId_phone_key" ON "customers"("merchantId", "phone");

-- CreateIndex
CREATE UNIQUE INDEX "tags_merchantId_normalizedName_key" ON "tags"("merchantId", "normalizedName");

-- CreateIndex
CREATE INDEX "customer_tags_merchantId_tagId_idx" ON "customer_tags"("merchantId", "tagId");

-- CreateIndex
CREATE INDEX "visits_merchantId_customerId_occurredAt_idx" ON "visits"("merchantId", "customerId", "occurredAt");

-- CreateIndex
CREATE INDEX "visits_merchantId_occurredAt_idx" ON "visits"("merchantId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "visits_merchantId_voucherId_key" ON "visits"("merchantId", "voucherId");

-- CreateIndex
CREATE INDEX "visit_tags_merchantId_tagId_idx" ON "visit_tags"("merchantId", "tagId");

-- CreateIndex
CREATE INDEX "deals_publisherId_idx" ON "deals"("publisherId");

-- CreateIndex
CREATE UNIQUE INDEX "vouchers_code_key" ON "vouchers"("code");

-- CreateIndex
CREATE INDEX "vouchers_merchantId_dealId_idx" ON "vouchers"("merchantId", "dealId");

-- CreateIndex
CREATE INDEX "vouchers_merchantId_customerId_idx" ON "vouchers"("merchantId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "smart_filters_merchantId_name_key" ON "smart_filters"("merchantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "groups_merchantId_name_key" ON "groups"("merchantId", "name");

-- CreateIndex
CREATE INDEX "group_members_merchantId_customerId_idx" ON "group_members"("merchantId", "customerId");

-- CreateIndex
CREATE INDEX "campaigns_merchantId_createdAt_idx" ON "campaigns"("merchantId", "createdAt");

-- CreateIndex
CREATE INDEX "campaigns_status_sendAt_idx" ON "campaigns"("status", "sendAt");

-- CreateIndex
CREATE INDEX "campaign_recipients_merchantId_customerId_sentAt_idx" ON "campaign_recipients"("merchantId", "customerId", "sentAt");

-- CreateIndex
CREATE INDEX "campaign_recipients_providerMessageId_idx" ON "campaign_recipients"("providerMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "automations_merchantId_kind_key" ON "automations"("merchantId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hashedKey_key" ON "api_keys"("hashedKey");

-- CreateIndex
CREATE INDEX "idempotency_keys_createdAt_idx" ON "idempotency_keys"("createdAt");

-- CreateIndex
CREATE INDEX "audit_logs_merchantId_createdAt_idx" ON "audit_logs"("merchantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_publisherId_createdAt_idx" ON "audit_logs"("publisherId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_stripeCustomerId_key" ON "subscriptions"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_stripeSubscriptionId_key" ON "subscriptions"("stripeSubscriptionId");

-- CreateIndex
CREATE INDEX "email_messages_merchantId_to_sentAt_idx" ON "email_messages"("merchantId", "to", "sentAt" DESC);

-- CreateIndex
CREATE INDEX "email_messages_to_sentAt_idx" ON "email_messages"("to", "sentAt" DESC);

-- AddForeignKey
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "publishers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publisher_memberships" ADD CONSTRAINT "publisher_memberships_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "publishers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publisher_memberships" ADD CONSTRAINT "publisher_memberships_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "counter_devices" ADD CONSTRAINT "counter_devices_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tags" ADD CONSTRAINT "tags_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_tags" ADD CONSTRAINT "customer_tags_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_tags" ADD CONSTRAINT "customer_tags_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_tags" ADD CONSTRAINT "customer_tags_merchantId_tagId_fkey" FOREIGN KEY ("merchantId", "tagId") REFERENCES "tags"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visits" ADD CONSTRAINT "visits_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visits" ADD CONSTRAINT "visits_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_tags" ADD CONSTRAINT "visit_tags_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_tags" ADD CONSTRAINT "visit_tags_merchantId_visitId_fkey" FOREIGN KEY ("merchantId", "visitId") REFERENCES "visits"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_tags" ADD CONSTRAINT "visit_tags_merchantId_tagId_fkey" FOREIGN KEY ("merchantId", "tagId") REFERENCES "tags"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "publishers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_merchantId_dealId_fkey" FOREIGN KEY ("merchantId", "dealId") REFERENCES "deals"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "smart_filters" ADD CONSTRAINT "smart_filters_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "groups" ADD CONSTRAINT "groups_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_merchantId_groupId_fkey" FOREIGN KEY ("merchantId", "groupId") REFERENCES "groups"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_merchantId_promotionId_fkey" FOREIGN KEY ("merchantId", "promotionId") REFERENCES "promotions"("merchantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_merchantId_groupId_fkey" FOREIGN KEY ("merchantId", "groupId") REFERENCES "groups"("merchantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_merchantId_campaignId_fkey" FOREIGN KEY ("merchantId", "campaignId") REFERENCES "campaigns"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_merchantId_customerId_fkey" FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automations" ADD CONSTRAINT "automations_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automations" ADD CONSTRAINT "automations_merchantId_promotionId_fkey" FOREIGN KEY ("merchantId", "promotionId") REFERENCES "promotions"("merchantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───── Hand-written: what Prisma's schema language cannot express ─────

-- Optional references between tenant rows, as composite keys so they can never cross merchants.
-- ON DELETE SET NULL (column) clears only the reference, never merchantId (PostgreSQL 15+).
ALTER TABLE "visits" ADD CONSTRAINT "visits_voucher_fkey"
  FOREIGN KEY ("merchantId", "voucherId") REFERENCES "vouchers"("merchantId", "id") ON DELETE SET NULL ("voucherId");
ALTER TABLE "visits" ADD CONSTRAINT "visits_staffUserId_fkey"
  FOREIGN KEY ("staffUserId") REFERENCES "users"("id") ON DELETE SET NULL;
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_customer_fkey"
  FOREIGN KEY ("merchantId", "customerId") REFERENCES "customers"("merchantId", "id") ON DELETE SET NULL ("customerId");
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_campaign_fkey"
  FOREIGN KEY ("merchantId", "campaignId") REFERENCES "campaigns"("merchantId", "id") ON DELETE SET NULL ("campaignId");
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_visit_fkey"
  FOREIGN KEY ("merchantId", "visitId") REFERENCES "visits"("merchantId", "id") ON DELETE SET NULL ("visitId") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_deal_fkey"
  FOREIGN KEY ("merchantId", "dealId") REFERENCES "deals"("merchantId", "id") ON DELETE SET NULL ("dealId");
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_voucher_fkey"
  FOREIGN KEY ("merchantId", "voucherId") REFERENCES "vouchers"("merchantId", "id") ON DELETE SET NULL ("voucherId");

-- Domain checks the database enforces whatever the caller.
ALTER TABLE "visits" ADD CONSTRAINT "visits_rating_check" CHECK ("rating" BETWEEN 1 AND 3);
ALTER TABLE "visits" ADD CONSTRAINT "visits_amount_check" CHECK ("amountCents" >= 0);
ALTER TABLE "visits" ADD CONSTRAINT "visits_party_check" CHECK ("partySize" BETWEEN 1 AND 500);
ALTER TABLE "visits" ADD CONSTRAINT "visits_local_check" CHECK ("localDayOfWeek" BETWEEN 0 AND 6 AND "localHour" BETWEEN 0 AND 23);
ALTER TABLE "customers" ADD CONSTRAINT "customers_identity_check"
  CHECK ("email" IS NOT NULL OR "phone" IS NOT NULL OR "externalId" IS NOT NULL OR "firstName" IS NOT NULL OR "lastName" IS NOT NULL);
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_holdout_check" CHECK ("holdoutPercent" BETWEEN 0 AND 50);

-- Tag filters look into the aggregated tag ids.
CREATE INDEX "customers_tagIds_idx" ON "customers" USING GIN ("tagIds");

-- Filters read the aggregates with index-only scans, which need a fresh visibility map: vacuum
-- the customers table far more eagerly than the default (PERF-LIMITS.md).
ALTER TABLE "customers" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02, fillfactor = 90);
