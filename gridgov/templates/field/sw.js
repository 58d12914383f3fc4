/* gridgov field service worker: keeps the field pages and their assets for offline use.
   Pages: network first, the cached copy when offline. Assets: cache first. Nothing else is intercepted.
   Pages hold a worker's tasks, so they live in a cache of their own that is dropped when the worker logs out (by
   site.js on the logout form and on every page seen logged out) and when a page answers with a redirect (to the login
   page: the session has ended). Assets stay. */
const ASSETS_CACHE = "gridgov-field-assets-v2";
const PAGES_CACHE = "gridgov-field-pages";
const PAGES = [{% for p in pages %}"{{ p }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const ASSETS = [{% for a in assets %}"{{ a }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(ASSETS_CACHE).then((c) => c.addAll([...ASSETS])).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => {
  const keep = [ASSETS_CACHE, PAGES_CACHE];
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => !keep.includes(k)).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(req).then((hit) => hit || fetch(req)));
  } else if (PAGES.includes(url.pathname)) {
    event.respondWith(fetch(req).then((res) => {
      if (res.redirected) {
        event.waitUntil(caches.delete(PAGES_CACHE));
      } else if (res.ok) {
        const copy = res.clone();
        event.waitUntil(caches.open(PAGES_CACHE).then((c) => c.put(req, copy)));
      }
      return res;
    }).catch(() => caches.match(req, { cacheName: PAGES_CACHE })));
  }
});
