-- ensure_tags(m, names, norms): the ids of these tag names in the merchant's vocabulary, adding
-- new ones and restoring archived ones (case-insensitive). Tags already in use are only read, so
-- concurrent captures that share a tag do not queue on its row.
--
-- Readable copy of the definition applied by prisma/migrations/20261123162500_capture_visit_function;
-- tests/integration/database-objects.test.ts checks that it equals the database's.

CREATE OR REPLACE FUNCTION ensure_tags(m uuid, names text[], norms text[]) RETURNS uuid[]
LANGUAGE plpgsql AS $fn$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(t.id) INTO ids FROM tags t WHERE t."merchantId" = m AND t."normalizedName" = ANY (norms) AND t."archivedAt" IS NULL;
  IF coalesce(cardinality(ids), 0) < cardinality(norms) THEN
    WITH ins AS (
      INSERT INTO tags ("merchantId", name, "normalizedName")
      SELECT m, n.name, n.norm FROM unnest(names, norms) AS n(name, norm)
      ON CONFLICT ("merchantId", "normalizedName") DO UPDATE SET "archivedAt" = NULL
      RETURNING id)
    SELECT array_agg(id) INTO ids FROM ins;
  END IF;
  RETURN coalesce(ids, '{}');
END
$fn$;
