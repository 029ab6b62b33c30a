// Service worker for the counter: keeps the counter page and the app's static files so the
// tablet can reload and keep capturing with the network gone. Captures themselves live in
// IndexedDB (see capture-queue.ts) and are never cached here. Network first, cache as fallback.
const CACHE = "regulars-counter-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function cacheable(url, request) {
  if (request.method !== "GET" || url.origin !== self.location.origin) return false;
  return url.pathname.startsWith("/_next/static/") || /^\/m\/[^/]+\/counter\/?$/.test(url.pathname) || url.pathname === "/icon.svg" || url.pathname === "/manifest.webmanifest";
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (!cacheable(url, event.request)) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreVary: true }).then((hit) => hit || Response.error())),
  );
});
