// How many bytes a JSON body may hold. Every JSON endpoint (REST and the app's own routes) reads
// its body through readJsonBody (lib/api.ts) with one of these, so no client can make the server
// read, parse and validate megabytes; the OpenAPI document states them.

/** The default: 1 MB, far above any real request (1,000 vouchers are about 600 KB). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** POST /api/v1/groups: a static group of 50,000 customer ids is about 2 MB. */
export const GROUP_BODY_LIMIT = 4 * 1024 * 1024;
