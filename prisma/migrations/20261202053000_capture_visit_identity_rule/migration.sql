-- capture_visit(): the customer identity rule every door shares (docs/architecture.md, "Customer
-- identity"): match by externalId, then email, then phone (not the oldest row matching any key);
-- never replace an identity key the customer has; fill a blank key unless another customer holds it.
-- The readable copy is prisma/sql/capture_visit.sql (same text).
-- capture_visit(p jsonb): one visit capture in one round trip (PERF-LIMITS.md), called by
-- src/features/visits/capture.ts, which validates the input, computes the merchant-local date,
-- weekday and hour (src/lib/time.ts) and turns the raised problems into messages.
--
-- This file is the readable copy. The applied copy is the latest migration that replaces the
-- function (prisma/migrations/20261202053000_capture_visit_identity_rule/migration.sql); a
-- change here needs a new migration with the same text (tests/integration/capture-rules.test.ts).
--
-- Steps: the Idempotency-Key row (a replay returns the stored answer), the voucher locked and
-- checked, the customer found or created, the tags, the visit with its tags and the customer's
-- aggregates, the voucher marked redeemed, the audit entry and the stored answer.
-- A refusal is raised with SQLSTATE RG001 (Regulars' own class), the reason code as MESSAGE and
-- its facts as a JSON object in DETAIL; capture.ts reads err.code and err.detail and words it
-- (features/visits/voucher-refusals.ts). Raising rolls back the whole capture, its idempotency
-- key included.
--
-- Rules this function keeps (tests/integration/capture-rules.test.ts):
-- - A voucher code is looked up among this merchant's codes only: another business's code is
--   "unknown", exactly like a typo, so nobody learns which codes exist elsewhere.
-- - A voucher's expiry and its promotion's days and hours are judged at p.judgeAt (its local
--   weekday and hour in p.judgeDayOfWeek / p.judgeHour): the visit's time, but never earlier than
--   a short grace before the server received it (capture.ts), so backdating occurredAt gains at
--   most that grace. A campaign's code keeps the days and hours its email announced (the
--   campaign's frozen content), even if the promotion was edited since.
-- - Consent: staff, partners and imports record consent, but never restore it once the customer
--   unsubscribed (unsubscribedAt set; only the preference page clears it). The answer then says
--   so: consent: { email: false, reason: "unsubscribed" }.
CREATE OR REPLACE FUNCTION capture_visit(p jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  m uuid := (p->>'merchantId')::uuid;
  at timestamptz := (p->>'occurredAt')::timestamptz;
  k text := p->>'idempotencyKey';
  dow int := (p->>'localDayOfWeek')::int;
  hr int := (p->>'localHour')::int;
  judge_at timestamptz := coalesce((p->>'judgeAt')::timestamptz, (p->>'occurredAt')::timestamptz);
  judge_dow int := coalesce((p->>'judgeDayOfWeek')::int, (p->>'localDayOfWeek')::int);
  judge_hr int := coalesce((p->>'judgeHour')::int, (p->>'localHour')::int);
  amount int := (p->>'amountCents')::int;
  rating smallint := (p->>'rating')::smallint;
  user_id uuid := (p->>'userId')::uuid;
  prior record;
  vr record;
  has_voucher boolean := false;
  v_id uuid;
  v_code text;
  v_title text;
  v_customer uuid;
  v_pname text;
  v_pemail text;
  cust jsonb := nullif(p->'customer', 'null'::jsonb);
  cust_source "RecordSource" := (p->>'source')::"RecordSource";
  cid uuid;
  created boolean := false;
  ext text;
  em text;
  emn text;
  ph text;
  consent boolean;
  withdrawn boolean := false;
  consent_kept boolean := false;
  consent_asked boolean := false;
  eff_consent boolean;
  found_id uuid;
  found_ext text;
  found_emn text;
  found_ph text;
  names text[];
  norms text[];
  tag_ids uuid[] := '{}';
  ctag_ids uuid[];
  visit_id uuid;
  body jsonb;
  first_name text;
  last_name text;
  parts text[];
BEGIN
  IF k IS NOT NULL THEN
    INSERT INTO idempotency_keys ("merchantId", key, scope, "requestHash", "responseStatus", "responseBody")
    VALUES (m, k, p->>'scope', p->>'requestHash', 0, 'null'::jsonb)
    ON CONFLICT ("merchantId", key) DO NOTHING;
    IF NOT FOUND THEN
      SELECT i.scope, i."requestHash", i."responseStatus", i."responseBody" INTO prior
        FROM idempotency_keys i WHERE i."merchantId" = m AND i.key = k;
      IF prior.scope IS DISTINCT FROM p->>'scope' OR prior."requestHash" IS DISTINCT FROM p->>'requestHash' THEN
        RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'idempotency_mismatch';
      END IF;
      RETURN jsonb_build_object('replayed', true, 'status', prior."responseStatus", 'body', prior."responseBody");
    END IF;
  END IF;

  IF p->>'voucherCode' IS NOT NULL THEN
    -- Only this merchant's codes: another business's code is unknown here, like a typo.
    SELECT vo.id, vo.code, vo.status::text AS status, vo."customerId", vo."purchaserName", vo."purchaserEmail",
           vo."expiresAt", vo."redeemedAt", u.name AS redeemed_by, d.title AS deal_title,
           -- The days and hours the campaign's email announced (frozen when it started), else the promotion's.
           CASE WHEN c.content ? 'promotion'
                THEN ARRAY(SELECT jsonb_array_elements_text(c.content->'promotion'->'validDaysOfWeek')::int)
                ELSE pr."validDaysOfWeek"::int[] END AS days,
           CASE WHEN c.content ? 'promotion' THEN (c.content->'promotion'->>'validHourFrom')::int ELSE pr."validHourFrom"::int END AS hour_from,
           CASE WHEN c.content ? 'promotion' THEN (c.content->'promotion'->>'validHourTo')::int ELSE pr."validHourTo"::int END AS hour_to
      INTO vr
      FROM vouchers vo
      JOIN deals d ON d."merchantId" = vo."merchantId" AND d.id = vo."dealId"
      LEFT JOIN campaigns c ON c."merchantId" = vo."merchantId" AND c.id = vo."campaignId"
      LEFT JOIN promotions pr ON pr."merchantId" = c."merchantId" AND pr.id = c."promotionId"
      LEFT JOIN users u ON u.id = vo."redeemedByUserId"
     WHERE vo."merchantId" = m AND vo.code = p->>'voucherCode'
     FOR UPDATE OF vo;
    IF NOT FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'voucher_unknown';
    END IF;
    IF vr.status = 'void' THEN
      RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'voucher_void';
    END IF;
    IF vr.status = 'redeemed' THEN
      RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'voucher_redeemed', DETAIL = jsonb_build_object('redeemedAt', vr."redeemedAt", 'redeemedBy', vr.redeemed_by)::text;
    END IF;
    IF vr."expiresAt" IS NOT NULL AND vr."expiresAt" < judge_at THEN
      RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'voucher_expired', DETAIL = jsonb_build_object('expiresAt', vr."expiresAt")::text;
    END IF;
    -- A Social Select code: only on its promotion's weekdays and hours (features/visits/promotion-rules.ts).
    IF vr.days IS NOT NULL AND (
         (cardinality(vr.days) > 0 AND NOT (judge_dow = ANY (vr.days)))
      OR (vr.hour_from IS NOT NULL AND vr.hour_to IS NOT NULL AND vr.hour_from <> vr.hour_to AND NOT (
            CASE WHEN vr.hour_from < vr.hour_to THEN judge_hr >= vr.hour_from AND judge_hr < vr.hour_to
                 ELSE judge_hr >= vr.hour_from OR judge_hr < vr.hour_to END))) THEN
      RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'voucher_window', DETAIL = jsonb_build_object('validDaysOfWeek', to_jsonb(vr.days), 'validHourFrom', vr.hour_from, 'validHourTo', vr.hour_to)::text;
    END IF;
    has_voucher := true;
    v_id := vr.id;
    v_code := vr.code;
    v_title := vr.deal_title;
    v_customer := vr."customerId";
    v_pname := nullif(btrim(vr."purchaserName"), '');
    v_pemail := nullif(vr."purchaserEmail", '');
  END IF;

  IF p->>'customerId' IS NOT NULL THEN
    SELECT c.id INTO cid FROM customers c WHERE c."merchantId" = m AND c.id = (p->>'customerId')::uuid;
    IF NOT FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'customer_not_found';
    END IF;
  ELSIF cust IS NULL AND has_voucher AND v_customer IS NOT NULL THEN
    cid := v_customer;
  ELSIF cust IS NULL AND has_voucher THEN
    -- A daily-deal buyer seen for the first time: the purchaser becomes the customer.
    parts := regexp_split_to_array(coalesce(v_pname, ''), '\s+');
    first_name := nullif(parts[1], '');
    last_name := nullif(array_to_string(parts[2:], ' '), '');
    cust := jsonb_strip_nulls(jsonb_build_object('firstName', first_name, 'lastName', last_name, 'email', v_pemail));
    IF v_pname IS NULL AND v_pemail IS NULL THEN
      cust := jsonb_build_object('firstName', 'Deal customer');
    END IF;
    cust_source := 'deal';
  ELSIF cust IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'RG001', MESSAGE = 'no_customer';
  END IF;

  IF cid IS NULL THEN
    -- The identity rule (docs/architecture.md, "Customer identity"): find by externalId, then
    -- email (case-insensitive), then phone; keep the keys the customer has; fill a blank key
    -- unless another customer holds that value; else create.
    ext := nullif(cust->>'externalId', '');
    em := nullif(cust->>'email', '');
    emn := lower(em);
    ph := nullif(cust->>'phone', '');
    consent := (cust->>'emailConsent')::boolean;
    consent_asked := cust ? 'emailConsent';
    IF ext IS NOT NULL THEN
      SELECT c.id, c."externalId", c."emailNormalized", c.phone INTO found_id, found_ext, found_emn, found_ph
        FROM customers c WHERE c."merchantId" = m AND c."externalId" = ext;
    END IF;
    IF found_id IS NULL AND emn IS NOT NULL THEN
      SELECT c.id, c."externalId", c."emailNormalized", c.phone INTO found_id, found_ext, found_emn, found_ph
        FROM customers c WHERE c."merchantId" = m AND c."emailNormalized" = emn;
    END IF;
    IF found_id IS NULL AND ph IS NOT NULL THEN
      SELECT c.id, c."externalId", c."emailNormalized", c.phone INTO found_id, found_ext, found_emn, found_ph
        FROM customers c WHERE c."merchantId" = m AND c.phone = ph;
    END IF;
    IF found_id IS NOT NULL THEN
      cid := found_id;
      -- Only blank keys are filled, and only with a value no other customer holds.
      IF found_ext IS NOT NULL OR EXISTS (SELECT FROM customers c WHERE c."merchantId" = m AND c."externalId" = ext) THEN ext := NULL; END IF;
      IF found_emn IS NOT NULL OR EXISTS (SELECT FROM customers c WHERE c."merchantId" = m AND c."emailNormalized" = emn) THEN em := NULL; emn := NULL; END IF;
      IF found_ph IS NOT NULL OR EXISTS (SELECT FROM customers c WHERE c."merchantId" = m AND c.phone = ph) THEN ph := NULL; END IF;
      -- Input that adds no key and no other field (a POS sending its id on every visit): nothing to write.
      IF (cust ?| ARRAY['firstName', 'lastName', 'zip', 'birthday', 'anniversary', 'emailConsent'])
         OR ext IS NOT NULL OR emn IS NOT NULL OR ph IS NOT NULL THEN
        UPDATE customers c SET
          "externalId" = coalesce(c."externalId", ext),
          email = coalesce(c.email, em),
          "emailNormalized" = coalesce(c."emailNormalized", emn),
          phone = coalesce(c.phone, ph),
          "firstName" = coalesce(nullif(cust->>'firstName', ''), c."firstName"),
          "lastName" = coalesce(nullif(cust->>'lastName', ''), c."lastName"),
          zip = coalesce(nullif(cust->>'zip', ''), c.zip),
          birthday = coalesce(nullif(cust->>'birthday', '')::date, c.birthday),
          anniversary = coalesce(nullif(cust->>'anniversary', '')::date, c.anniversary),
          -- Consent is recorded, but once the customer unsubscribed only they undo it (on the
          -- preference page). Judged on the row as updated, so an unsubscribe committed a moment
          -- ago is never overwritten.
          "emailConsent" = CASE WHEN consent AND c."unsubscribedAt" IS NOT NULL THEN c."emailConsent" ELSE coalesce(consent, c."emailConsent") END,
          "emailConsentSource" = CASE WHEN consent AND c."unsubscribedAt" IS NULL THEN cust_source::text ELSE c."emailConsentSource" END,
          "emailConsentAt" = CASE WHEN consent AND c."unsubscribedAt" IS NULL THEN now() ELSE c."emailConsentAt" END,
          "updatedAt" = now()
         WHERE c."merchantId" = m AND c.id = cid
        RETURNING c."emailConsent", c."unsubscribedAt" IS NOT NULL INTO eff_consent, withdrawn;
        consent_kept := coalesce(consent AND withdrawn, false);
      END IF;
      IF eff_consent IS NULL AND consent_asked THEN
        SELECT c."emailConsent" INTO eff_consent FROM customers c WHERE c."merchantId" = m AND c.id = cid;
      END IF;
    ELSE
      INSERT INTO customers ("merchantId", "externalId", email, "emailNormalized", phone, "firstName", "lastName", zip, birthday, anniversary,
                             "emailConsent", "emailConsentSource", "emailConsentAt", source, "updatedAt")
      VALUES (m, ext, em, emn, ph, nullif(cust->>'firstName', ''), nullif(cust->>'lastName', ''), nullif(cust->>'zip', ''),
              nullif(cust->>'birthday', '')::date, nullif(cust->>'anniversary', '')::date,
              coalesce(consent, false), CASE WHEN consent THEN cust_source::text END, CASE WHEN consent THEN now() END, cust_source, now())
      RETURNING id, "emailConsent" INTO cid, eff_consent;
      created := true;
    END IF;
    IF jsonb_array_length(coalesce(cust->'tagNames', '[]')) > 0 THEN
      SELECT array_agg(x.name), array_agg(x.norm) INTO names, norms FROM jsonb_to_recordset(cust->'tagNames') AS x(name text, norm text);
      ctag_ids := ensure_tags(m, names, norms);
      INSERT INTO customer_tags ("merchantId", "customerId", "tagId") SELECT m, cid, t FROM unnest(ctag_ids) AS t ON CONFLICT DO NOTHING;
      UPDATE customers c SET "tagIds" = ARRAY(SELECT DISTINCT unnest(c."tagIds" || ctag_ids)) WHERE c."merchantId" = m AND c.id = cid;
    END IF;
  END IF;

  IF jsonb_array_length(coalesce(p->'tagNames', '[]')) > 0 THEN
    SELECT array_agg(x.name), array_agg(x.norm) INTO names, norms FROM jsonb_to_recordset(p->'tagNames') AS x(name text, norm text);
    tag_ids := ensure_tags(m, names, norms);
  END IF;

  -- The visit, its tags and the customer's aggregates (features/visits/aggregates.ts has the recount).
  INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "partySize", rating,
                      "staffUserId", "voucherId", note, source, "updatedAt")
  VALUES (m, cid, at, (p->>'localDate')::date, dow, hr, amount, coalesce((p->>'partySize')::smallint, 1), rating,
          user_id, v_id, p->>'note', (p->>'source')::"RecordSource", now())
  RETURNING id INTO visit_id;
  IF cardinality(tag_ids) > 0 THEN
    INSERT INTO visit_tags ("merchantId", "visitId", "tagId") SELECT m, visit_id, t FROM unnest(tag_ids) AS t ON CONFLICT DO NOTHING;
  END IF;
  IF coalesce((p->>'foldAggregates')::boolean, true) THEN
    UPDATE customers c SET
      "visitCount" = c."visitCount" + 1,
      "voucherVisitCount" = c."voucherVisitCount" + CASE WHEN has_voucher THEN 1 ELSE 0 END,
      "totalSpentCents" = c."totalSpentCents" + amount,
      "firstVisitAt" = LEAST(c."firstVisitAt", at),
      ("lastVisitAt", "secondLastVisitAt", "thirdLastVisitAt") = (
        SELECT r[1], r[2], r[3] FROM (
          SELECT array_agg(t ORDER BY t DESC) AS r
            FROM unnest(ARRAY[c."lastVisitAt", c."secondLastVisitAt", c."thirdLastVisitAt", at]) AS t
           WHERE t IS NOT NULL) s),
      "lastRating" = CASE WHEN rating IS NOT NULL AND (c."lastRatedAt" IS NULL OR at >= c."lastRatedAt") THEN rating ELSE c."lastRating" END,
      "lastRatedAt" = CASE WHEN rating IS NOT NULL AND (c."lastRatedAt" IS NULL OR at >= c."lastRatedAt") THEN at ELSE c."lastRatedAt" END,
      "weekdayMask" = (c."weekdayMask" | (1 << dow))::smallint,
      "hourMask" = c."hourMask" | (1 << hr),
      "tagIds" = CASE WHEN cardinality(tag_ids) = 0 THEN c."tagIds" ELSE ARRAY(SELECT DISTINCT unnest(c."tagIds" || tag_ids)) END,
      "updatedAt" = now()
     WHERE c."merchantId" = m AND c.id = cid;
  END IF;

  IF has_voucher THEN
    UPDATE vouchers SET status = 'redeemed', "redeemedAt" = at, "redeemedByUserId" = user_id, "visitId" = visit_id, "customerId" = cid
     WHERE "merchantId" = m AND id = v_id;
  END IF;

  INSERT INTO audit_logs ("merchantId", "actorUserId", "actorApiKeyId", action, "entityType", "entityId", data)
  VALUES (m, user_id, (p->>'apiKeyId')::uuid, CASE WHEN has_voucher THEN 'visit.redeemed' ELSE 'visit.recorded' END, 'Visit', visit_id::text,
          jsonb_build_object('customerId', cid, 'amountCents', amount, 'voucherCode', v_code));

  body := jsonb_build_object(
    'id', visit_id, 'customerId', cid, 'occurredAt', p->>'occurredAtIso', 'localDate', p->>'localDate',
    'localDayOfWeek', dow, 'localHour', hr, 'amountCents', amount, 'customerCreated', created,
    'voucher', CASE WHEN has_voucher THEN jsonb_build_object('code', v_code, 'dealTitle', v_title) ELSE NULL END);
  -- When the request set the customer's consent: what it is now, and why when the request was not followed.
  IF consent_asked THEN
    body := body || jsonb_build_object('consent',
      CASE WHEN consent_kept THEN jsonb_build_object('email', coalesce(eff_consent, false), 'reason', 'unsubscribed')
           ELSE jsonb_build_object('email', coalesce(eff_consent, false)) END);
  END IF;
  IF k IS NOT NULL THEN
    UPDATE idempotency_keys SET "responseStatus" = 201, "responseBody" = body WHERE "merchantId" = m AND key = k;
  END IF;
  RETURN jsonb_build_object('replayed', false, 'status', 201, 'body', body);
END
$fn$;
