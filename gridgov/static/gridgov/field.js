/* The grid worker's phone: an outbox in IndexedDB so reports and patrols made without signal are sent later.
   Every item carries an idempotency key chosen on the phone, so sending it twice never makes a second record. */
(function () {
  "use strict";
  const DB = "gridgov-field", STORE = "outbox";

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }
  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "key" });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function tx(mode, fn) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const out = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(out && out.result !== undefined ? out.result : out);
      t.onerror = () => reject(t.error);
    });
  }
  // Each item belongs to the worker who made it: after a logout it waits on the phone for them, never sent or shown
  // under the next person's login (the service worker's cached pages are dropped at logout, the outbox is not).
  const OWNER = (document.querySelector("meta[name=gridgov-user]") || {}).content || "";
  const put = (item) => tx("readwrite", (s) => s.put(Object.assign({ owner: OWNER }, item)));
  const remove = (key) => tx("readwrite", (s) => s.delete(key));
  const all = () => tx("readonly", (s) => s.getAll()).then((items) => items.filter((i) => !i.owner || i.owner === OWNER));

  function csrf() {
    const m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  async function post(url, body, isForm) {
    const headers = { "X-CSRFToken": csrf(), Accept: "application/json" };
    if (!isForm) headers["Content-Type"] = "application/json";
    return fetch(url, { method: "POST", credentials: "same-origin", headers, body: isForm ? body : JSON.stringify(body) });
  }

  const status = document.getElementById("outbox-status");
  const form = document.getElementById("field-report");
  const texts = form || document.getElementById("patrol") || document.body;
  const msg = (k) => texts.dataset["msg" + k] || "";
  async function showStatus(extra) {
    if (!status) return;
    const items = await all();
    const waiting = items.filter((i) => !i.error), refused = items.filter((i) => i.error);
    status.hidden = !items.length && !extra;
    status.textContent = extra || (waiting.length ? `${waiting.length} ${msg("Waiting") || "waiting"}` : "");
    for (const item of refused) {  // refused by the server (e.g. outside the jurisdiction): say why, let it go
      const p = document.createElement("p");
      p.className = "refused";
      p.textContent = `${msg("Refused") || "Not accepted"}: ${(item.body && item.body.description || "").slice(0, 30)} — ${item.error} `;
      const drop = document.createElement("button");
      drop.type = "button";
      drop.textContent = msg("Discard") || "Discard";
      drop.addEventListener("click", async () => { await remove(item.key); showStatus(); });
      p.appendChild(drop);
      status.appendChild(p);
    }
    document.body.dataset.outbox = String(waiting.length);
  }

  async function send(item) {
    const url = item.kind === "patrol" ? "/api/v1/field/patrols" : "/api/v1/cases";
    const res = await post(url, item.body);
    if (res.status === 401 || res.status === 403) throw Object.assign(new Error("login"), { login: true });
    if (!res.ok) {
      const err = await res.json().catch(() => ({}));
      item.error = err.detail ? JSON.stringify(err.detail) : String(res.status);
      await put(item);  // kept, with the reason, for the worker to see; never retried blindly
      return null;
    }
    const out = await res.json();
    for (const [i, photo] of (item.photos || []).entries()) {
      if (i < (item.sentPhotos || 0)) continue;
      const fd = new FormData();
      fd.append("file", photo, photo.name || `photo-${i + 1}.jpg`);
      const up = await post(`/api/v1/cases/${out.id}/attachments`, fd, true);
      if (!up.ok && up.status >= 500) throw new Error("upload failed");
      item.sentPhotos = i + 1;
      await put(item);
    }
    await remove(item.key);
    return out;
  }

  let queue = Promise.resolve([]);
  function flush() {  // one flush at a time: a second call runs after the first, so nothing is sent twice at once
    queue = queue.then(flushNow, flushNow);
    return queue;
  }
  async function flushNow() {
    const sent = [];
    try {
      for (const item of await all()) {
        if (item.error) continue;
        sent.push([item, await send(item)]);
      }
    } catch (e) {
      if (e.login) await showStatus(msg("Login"));
    } finally {
      await showStatus();
    }
    return sent;
  }
  window.gridgovOutbox = { flush, all };
  addEventListener("online", () => flush());
  setInterval(() => { if (navigator.onLine) flush(); }, 30000);

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/field/sw.js", { scope: "/field/" }).catch((e) => console.warn(e));
  }

  // -- map of my grid, and the point of a report ------------------------------------------------------------
  const mapEl = document.getElementById("report-map") || document.getElementById("grid-map");
  let map = null, point = null, place = null;
  function setPoint(lon, lat) {
    point = { lon, lat };
    const out = document.getElementById("point");
    if (out) out.textContent = `${lon.toFixed(6)}, ${lat.toFixed(6)}`;
  }
  if (mapEl && window.L) {
    const maps = window.gridgovMaps;
    map = maps.plain(mapEl);
    map.setView([0, 0], 2);
    const grid = mapEl.dataset.grid;
    if (grid) {
      maps.outline(map, `/api/v1/geo/areas?level=${mapEl.dataset.level}&within=${grid}`)
        .then(() => { mapEl.dataset.ready = "1"; }).catch(() => { mapEl.dataset.ready = "offline"; });
    }
    if (form) place = maps.picker(map, setPoint);
  }
  const gps = document.getElementById("gps");
  if (gps) gps.addEventListener("click", () => {
    navigator.geolocation.getCurrentPosition((p) => {
      if (place) place(p.coords.longitude, p.coords.latitude); else setPoint(p.coords.longitude, p.coords.latitude);
      if (map) map.setView([p.coords.latitude, p.coords.longitude], Math.max(map.getZoom(), 16));
    }, (e) => { document.getElementById("point").textContent = e.message; }, { enableHighAccuracy: true, timeout: 20000 });
  });

  // -- report form -------------------------------------------------------------------------------------------
  if (form) form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const result = document.getElementById("result");
    if (!point) { result.textContent = msg("Nopos"); return; }
    const data = new FormData(form);
    const item = {
      key: newKey(), kind: "case", created: Date.now(),
      body: { category: data.get("category"), description: data.get("description"), lon: point.lon, lat: point.lat,
              crs: "wgs84", channel: "grid_app", urgency: "normal", self_handle: data.get("self_handle") === "on" },
      photos: data.getAll("photos").filter((f) => f && f.size),
    };
    item.body.idempotency_key = item.key;
    await put(item);
    form.reset(); point = null;
    document.getElementById("point").textContent = "—";
    const sent = navigator.onLine ? await flush() : [];
    const mine = sent.find(([it]) => it.key === item.key);
    if (mine && mine[1]) {
      result.textContent = `${msg("Sent")} ${mine[1].number}`;
      result.dataset.number = mine[1].number;
    } else {
      result.textContent = msg("Queued");
      await showStatus();
    }
  });

  // -- patrol ------------------------------------------------------------------------------------------------
  const start = document.getElementById("patrol-start"), stop = document.getElementById("patrol-stop");
  if (start) {
    let watch = null, track = [], line = null, metres = 0;
    const R = 6371008.8, rad = Math.PI / 180;
    const dist = (a, b) => 2 * R * Math.asin(Math.sqrt(Math.sin((b[1] - a[1]) * rad / 2) ** 2 +
      Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin((b[0] - a[0]) * rad / 2) ** 2));
    start.addEventListener("click", () => {
      track = []; metres = 0;
      if (line) line.remove();
      line = L.polyline([], { color: "#e63946", weight: 4 }).addTo(map);
      watch = navigator.geolocation.watchPosition((p) => {
        const pt = [p.coords.longitude, p.coords.latitude, Math.round(p.timestamp / 1000)];
        if (track.length) {
          const last = track[track.length - 1];
          if (pt[2] <= last[2]) pt[2] = last[2] + 1;
          metres += dist(last, pt);
        }
        track.push(pt);
        line.addLatLng([pt[1], pt[0]]);
        document.getElementById("patrol-points").textContent = String(track.length);
        document.getElementById("patrol-length").textContent = String(Math.round(metres));
      }, (e) => { document.getElementById("result").textContent = e.message; }, { enableHighAccuracy: true });
      start.hidden = true; stop.hidden = false;
    });
    stop.addEventListener("click", async () => {
      navigator.geolocation.clearWatch(watch);
      const result = document.getElementById("result");
      if (track.length < 2) { result.textContent = msg("Short"); return; }
      const item = { key: newKey(), kind: "patrol", created: Date.now(), body: { track, note: "" } };
      item.body.idempotency_key = item.key;
      await put(item);
      start.hidden = false; stop.hidden = true;
      const sent = navigator.onLine ? await flush() : [];
      const mine = sent.find(([it]) => it.key === item.key);
      result.textContent = mine && mine[1] ? `${msg("Saved")}: ${Math.round(mine[1].length_m)} m` : msg("Queued");
    });
  }

  showStatus();
  if (navigator.onLine) flush();
})();
