// Row ids are PostgreSQL uuids. A string the database would refuse as a uuid (22P02) never reaches
// a query: a malformed id is simply an id that names nothing (404).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
