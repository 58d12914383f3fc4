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
  const LOCATION_CODES = ["outside_jurisdiction", "far_from_grid"];
  const CRS = [["wgs84", "WGS-84 (GPS)"], ["gcj02", "GCJ-02"], ["bd09", "BD-09"], ["cgcs2000", "CGCS2000"]];
  function button(text, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }
  function confirmSent(out) {  // at the top of the page: the case number, the code for the resident, the case
    const result = document.getElementById("result");
    if (!result) return;
    const line = (text, strong, cls) => {
      const p = document.createElement("p");
      p.append(text + " ");
      const b = document.createElement("strong");
      b.textContent = strong;
      if (cls) b.className = cls;
      p.appendChild(b);
      return p;
    };
    const open = document.createElement("a");
    open.href = `/field/cases/${out.id}/`;
    open.textContent = msg("Open") || "Open the case";
    open.className = "open-case";
    result.replaceChildren(line(msg("Sent"), out.number, "number"), line(msg("Code"), out.tracking_code || "", "code"),
      open);
    result.className = "confirmation";
    result.dataset.number = out.number;
    window.scrollTo(0, 0);
  }
  async function resend(item, change) {  // the worker answered the server's question: send it again, once
    change(item.body);
    delete item.error; delete item.code;
    await put(item);
    const mine = (await flush()).find(([it]) => it.key === item.key);
    const result = document.getElementById("result");
    if (result && mine && mine[1] && mine[1].number) confirmSent(mine[1]);
  }
  function locationQuestion(item) {  // the point is outside the jurisdiction or far from the grid: confirm it, or
    const box = document.createElement("span");  // say which coordinate system the map app gave it in
    box.className = "confirm-location";
    const confirm = button(msg("Confirm") || "It is here: send", () => resend(item, (b) => { b.confirm_location = true; }));
    confirm.className = "confirm";
    box.appendChild(confirm);
    const pick = document.createElement("select");
    pick.name = "crs";
    pick.setAttribute("aria-label", msg("Crs") || "coordinate system");
    for (const [value, label] of CRS) pick.add(new Option(label, value, false, value === (item.body.crs || "wgs84")));
    box.append(" ", msg("Crs") || "or the point came as", " ", pick, " ");
    const again = button(msg("Resend") || "Send again", () => resend(item, (b) => { b.crs = pick.value; }));
    again.className = "resend";
    box.appendChild(again);
    return box;
  }
  async function showStatus(extra) {
    if (!status) return;
    const items = await all();
    const waiting = items.filter((i) => !i.error), refused = items.filter((i) => i.error);
    status.hidden = !items.length && !extra;
    status.textContent = extra || (waiting.length ? `${waiting.length} ${msg("Waiting") || "waiting"}` : "");
    for (const item of refused) {  // refused by the server (a 4xx): say why; ask, or let the worker discard it
      const p = document.createElement("p");
      p.className = "refused";
      p.dataset.code = item.code || "";
      p.textContent = `${msg("Refused") || "Not accepted"}: ${(item.body && item.body.description || "").slice(0, 30)} — ${item.error} `;
      if (LOCATION_CODES.includes(item.code)) p.appendChild(locationQuestion(item));
      const drop = button(msg("Discard") || "Discard", async () => { await remove(item.key); showStatus(); });
      drop.className = "discard";
      p.appendChild(drop);
      status.appendChild(p);
    }
    document.body.dataset.outbox = String(waiting.length);
  }

  // What an answer means for an item in the outbox: sent; refused (a 4xx: the same request will never succeed, so
  // the worker is told why and may discard it); or not yet (a 5xx, a timeout, no network: kept and sent again).
  const retryLater = (res) => res.status >= 500 || res.status === 408 || res.status === 429;
  async function reason(res) {
    const err = await res.json().catch(() => ({}));
    const text = err.message || (typeof err.detail === "string" ? err.detail : err.detail && JSON.stringify(err.detail));
    return { text: text || String(res.status), code: err.code || "" };
  }
  async function send(item) {
    const url = item.url || (item.kind === "patrol" ? "/api/v1/field/patrols" : "/api/v1/cases");
    const res = await post(url, item.body);
    if (retryLater(res)) throw Object.assign(new Error(`server ${res.status}`), { retry: true });
    if (!res.ok) {
      const why = await reason(res);
      if (res.status === 401 || (res.status === 403 && /csrf/i.test(why.text))) {
        throw Object.assign(new Error("login"), { login: true });
      }
      item.error = why.text;
      item.code = why.code;
      await put(item);  // kept, with the reason, for the worker to see; never retried blindly
      return null;
    }
    const out = await res.json();
    for (const [i, photo] of (item.photos || []).entries()) {
      if (i < (item.sentPhotos || 0)) continue;
      const fd = new FormData();
      fd.append("file", photo, photo.name || `photo-${i + 1}.jpg`);
      const up = await post(`/api/v1/cases/${out.id}/attachments`, fd, true);
      if (retryLater(up)) throw Object.assign(new Error("upload failed"), { retry: true });
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
    let note;
    try {
      for (const item of await all()) {
        if (item.error) continue;
        try {
          sent.push([item, await send(item)]);
        } catch (e) {  // the server could not take this one now (5xx): it stays queued; the next item may go
          if (!e.retry) throw e;
          sent.push([item, null]);
        }
      }
    } catch (e) {  // no network (or logged out): everything stays queued for the next flush
      if (e.login) note = msg("Login");
    } finally {
      await showStatus(note);
    }
    return sent;
  }
  window.gridgovOutbox = { flush, all, put, newKey };  // campaign.js queues its visit batches here too
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
    result.className = "";
    if (mine && mine[1]) {
      confirmSent(mine[1]);
    } else if (mine && mine[0].error) {  // refused: the reason (and the question, if any) is in the outbox status
      result.textContent = `${msg("Refused") || "Not accepted"}: ${mine[0].error}`;
      await showStatus();
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
      result.textContent = mine && mine[1] ? `${msg("Saved")}: ${Math.round(mine[1].length_m)} m`
        : mine && mine[0].error ? `${msg("Refused") || "Not accepted"}: ${mine[0].error}` : msg("Queued");
    });
  }

  showStatus();
  if (navigator.onLine) flush();
})();
