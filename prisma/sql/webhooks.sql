-- Outbound webhooks: the outbox triggers (migration 20261202073203_webhooks).
--
-- Every change a partner can subscribe to writes its event here, in the transaction of the change,
-- so an event exists exactly when its change committed: nothing is lost when the app dies between
-- the commit and a send, and nothing is sent for a change that rolled back. The worker delivers the
-- rows (src/features/webhooks/delivery.ts).
--
-- Cost: a merchant without an endpoint for the event pays one probe of webhook_endpoints' primary
-- key per changed row. Update triggers fire only when a column the event describes changed, so the
-- aggregate upkeep of every capture never reaches them. A bulk writer that emits its own events
-- set-based (the customer import) sets regulars.bulk_write = 'on' for its transaction, and the
-- row triggers skip themselves in their WHEN clause, without a function call.

-- The partner-facing time format: UTC, milliseconds, "Z".
CREATE FUNCTION webhook_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- One event of one merchant: an outbox row and a pending delivery per enabled endpoint that wants
-- the type. Returns the event id, or null when no endpoint wants it (then nothing is written).
CREATE FUNCTION webhook_emit(merchant uuid, event_type text, data jsonb) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
  event_id uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints e
                  WHERE e."merchantId" = merchant AND e."disabledAt" IS NULL AND e.events @> ARRAY[event_type]) THEN
    RETURN NULL;
  END IF;
  INSERT INTO outbound_events ("merchantId", type, payload)
  VALUES (merchant, event_type, jsonb_build_object('type', event_type, 'timestamp', webhook_time(clock_timestamp()), 'data', data))
  RETURNING id INTO event_id;
  INSERT INTO webhook_deliveries ("merchantId", "endpointId", "eventId", "nextAttemptAt")
  SELECT merchant, e.id, event_id, clock_timestamp()
    FROM webhook_endpoints e
   WHERE e."merchantId" = merchant AND e."disabledAt" IS NULL AND e.events @> ARRAY[event_type];
  -- Wakes a listening worker at commit (a rolled-back transaction sends nothing).
  PERFORM pg_notify('regulars_webhooks', merchant::text);
  RETURN event_id;
END $$;

-- What a partner sees of a visit and of a customer (API.md's field names).
CREATE FUNCTION webhook_visit_data(v visits) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', v.id, 'customerId', v."customerId", 'occurredAt', webhook_time(v."occurredAt"),
    'localDate', v."localDate", 'localDayOfWeek', v."localDayOfWeek", 'localHour', v."localHour",
    'amountCents', v."amountCents", 'partySize', v."partySize", 'rating', v.rating,
    'voucherId', v."voucherId", 'note', v.note, 'source', v.source)
$$;

CREATE FUNCTION webhook_customer_data(c customers) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', c.id, 'externalId', c."externalId", 'email', c.email, 'phone', c.phone,
    'firstName', c."firstName", 'lastName', c."lastName", 'emailConsent', c."emailConsent",
    'unsubscribedAt', webhook_time(c."unsubscribedAt"), 'source', c.source,
    'createdAt', webhook_time(c."createdAt"), 'updatedAt', webhook_time(c."updatedAt"))
$$;

CREATE FUNCTION webhooks_visit_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM webhook_emit(NEW."merchantId", 'visit.created', webhook_visit_data(NEW));
  ELSIF TG_OP = 'UPDATE' THEN PERFORM webhook_emit(NEW."merchantId", 'visit.updated', webhook_visit_data(NEW));
  ELSE PERFORM webhook_emit(OLD."merchantId", 'visit.deleted', jsonb_build_object('id', OLD.id, 'customerId', OLD."customerId"));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION webhooks_customer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM webhook_emit(NEW."merchantId", 'customer.created', webhook_customer_data(NEW));
  ELSE
    PERFORM webhook_emit(NEW."merchantId", 'customer.updated', webhook_customer_data(NEW));
    IF OLD."unsubscribedAt" IS NULL AND NEW."unsubscribedAt" IS NOT NULL THEN
      PERFORM webhook_emit(NEW."merchantId", 'customer.unsubscribed', webhook_customer_data(NEW));
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION webhooks_voucher_redeemed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW."merchantId", 'voucher.redeemed', jsonb_build_object(
    'id', NEW.id, 'code', NEW.code, 'dealId', NEW."dealId", 'campaignId', NEW."campaignId",
    'customerId', NEW."customerId", 'visitId', NEW."visitId", 'redeemedAt', webhook_time(NEW."redeemedAt")));
  RETURN NULL;
END $$;

CREATE FUNCTION webhooks_campaign_completed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW."merchantId", 'campaign.completed', jsonb_build_object(
    'id', NEW.id, 'promotionId', NEW."promotionId", 'groupId', NEW."groupId", 'status', NEW.status,
    'completedAt', webhook_time(NEW."completedAt")));
  RETURN NULL;
END $$;

CREATE TRIGGER webhooks_visit_created AFTER INSERT ON visits FOR EACH ROW
  WHEN (current_setting('regulars.bulk_write', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION webhooks_visit_changed();
CREATE TRIGGER webhooks_visit_updated AFTER UPDATE ON visits FOR EACH ROW
  WHEN (current_setting('regulars.bulk_write', true) IS DISTINCT FROM 'on'
        AND (OLD."customerId", OLD."occurredAt", OLD."amountCents", OLD."partySize", OLD.rating, OLD."voucherId", OLD.note)
            IS DISTINCT FROM (NEW."customerId", NEW."occurredAt", NEW."amountCents", NEW."partySize", NEW.rating, NEW."voucherId", NEW.note))
  EXECUTE FUNCTION webhooks_visit_changed();
CREATE TRIGGER webhooks_visit_deleted AFTER DELETE ON visits FOR EACH ROW
  WHEN (current_setting('regulars.bulk_write', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION webhooks_visit_changed();

CREATE TRIGGER webhooks_customer_created AFTER INSERT ON customers FOR EACH ROW
  WHEN (current_setting('regulars.bulk_write', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION webhooks_customer_changed();
-- The profile, not the aggregates a capture keeps in step.
CREATE TRIGGER webhooks_customer_updated AFTER UPDATE ON customers FOR EACH ROW
  WHEN (current_setting('regulars.bulk_write', true) IS DISTINCT FROM 'on'
        AND (OLD."externalId", OLD.email, OLD.phone, OLD."firstName", OLD."lastName", OLD."emailConsent", OLD."unsubscribedAt")
            IS DISTINCT FROM (NEW."externalId", NEW.email, NEW.phone, NEW."firstName", NEW."lastName", NEW."emailConsent", NEW."unsubscribedAt"))
  EXECUTE FUNCTION webhooks_customer_changed();

CREATE TRIGGER webhooks_voucher_redeemed AFTER UPDATE ON vouchers FOR EACH ROW
  WHEN (NEW.status = 'redeemed' AND OLD.status IS DISTINCT FROM 'redeemed')
  EXECUTE FUNCTION webhooks_voucher_redeemed();

CREATE TRIGGER webhooks_campaign_completed AFTER UPDATE ON campaigns FOR EACH ROW
  WHEN (NEW.status = 'sent' AND OLD.status IS DISTINCT FROM 'sent')
  EXECUTE FUNCTION webhooks_campaign_completed();
