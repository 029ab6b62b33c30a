import { ZFilter, type TFilter } from "./schemas";

// Filters travel in URLs (?f=) as base64url JSON, so a filtered list can be bookmarked and shared.
export function encodeFilter(filter: TFilter): string {
  const bytes = new TextEncoder().encode(JSON.stringify(filter));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeFilter(raw: string | undefined | null): TFilter | null {
  if (!raw) return null;
  try {
    const bin = atob(raw.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const parsed = ZFilter.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
