/* gridgov field service worker: keeps the field pages and their assets for offline use.
   Pages: network first, the cached copy when offline. Assets: cache first. Nothing else is intercepted. */
const CACHE = "gridgov-field-v1";
const PAGES = [{% for p in pages %}"{{ p }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const ASSETS = [{% for a in assets %}"{{ a }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll([...ASSETS])).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
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
      if (res.ok && !res.redirected) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(req, copy)); }
      return res;
    }).catch(() => caches.match(req)));
  }
});
