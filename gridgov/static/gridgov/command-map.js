/* The command map's cases: open cases clustered and coloured by status, a heatmap of recent reports, the open
   cases of a clicked grid, and live updates (new and newly overdue cases) polled every 15 seconds. */
(function () {
  "use strict";
  const script = document.currentScript;
  const msg = (k) => script.dataset["msg" + k];
  const within = script.dataset.within;
  const map = window.gridgovMap;
  const el = document.getElementById("map");
  const COLOURS = { reported: "#f4a261", registered: "#f4a261", dispatched: "#457b9d", in_progress: "#457b9d",
    suspended: "#8d99ae", feedback: "#2a9d8f", check_failed: "#e76f51", checked: "#2a9d8f" };
  const colour = (p) => (p[4] ? "#e63946" : COLOURS[p[3]] || "#457b9d");
  const clusters = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 50 });
  const byId = new Map();
  const seen = new Set();  // "new:ID" / "overdue:ID" already in the feed (the server's answers overlap)
  let heat = null, since = null;

  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + " → " + r.status);
    return r.json();
  }
  function marker(p) {
    const m = L.circleMarker([p[2], p[1]], { radius: 7, color: "#fff", weight: 1, fillColor: colour(p), fillOpacity: 0.9 });
    const a = document.createElement("a");
    a.href = `/desk/cases/${p[0]}/`; a.textContent = `${p[5]} ${p[6]}`;
    m.bindPopup(a);
    return m;
  }
  function upsert(p) {
    if (byId.has(p[0])) clusters.removeLayer(byId.get(p[0]));
    const m = marker(p);
    byId.set(p[0], m);
    clusters.addLayer(m);
  }
  function counted() {
    document.getElementById("open-count").textContent = String(byId.size);
    el.dataset.openCases = String(byId.size);
  }
  function feed(kind, p) {
    const list = document.getElementById("live-feed");
    const li = document.createElement("li");
    li.className = kind;
    const a = document.createElement("a");
    a.href = `/desk/cases/${p[0]}/`;
    a.textContent = `${msg(kind === "overdue" ? "Overdue" : "New")}: ${p[5]} ${p[6]}`;
    li.appendChild(a);
    list.prepend(li);
    while (list.children.length > 30) list.lastChild.remove();
  }

  async function load() {
    const data = await getJSON(`/api/v1/command/points?within=${within}`);
    data.open.forEach(upsert);
    map.addLayer(clusters);
    heat = L.heatLayer(data.heat, { radius: 18, blur: 15, minOpacity: 0.3 });
    since = data.at;
    counted();
    el.dataset.casesLoaded = "1";
  }
  async function poll() {
    if (!since) return;
    const data = await getJSON(`/api/v1/command/changes?within=${within}&since=${encodeURIComponent(since)}`);
    for (const p of data.new) {
      if (seen.has("new:" + p[0]) || byId.has(p[0])) continue;
      seen.add("new:" + p[0]); upsert(p); feed("new", p);
      if (heat) heat.addLatLng([p[2], p[1]]);
    }
    for (const p of data.overdue) {
      if (seen.has("overdue:" + p[0])) continue;
      seen.add("overdue:" + p[0]); upsert(p); feed("overdue", p);
    }
    since = data.at;
    document.getElementById("live-at").textContent = new Date(data.at).toLocaleTimeString();
    counted();
  }
  document.getElementById("show-cases").addEventListener("change", (e) => {
    if (e.target.checked) map.addLayer(clusters); else map.removeLayer(clusters);
  });
  document.getElementById("show-heat").addEventListener("change", (e) => {
    if (!heat) return;
    if (e.target.checked) map.addLayer(heat); else map.removeLayer(heat);
  });
  el.addEventListener("area", async (e) => {
    const code = encodeURIComponent(e.detail.code);
    document.getElementById("card-png").href = `/command/cards/${code}.png`;
    document.getElementById("card-pdf").href = `/command/cards/${code}.pdf`;
    const list = document.getElementById("info-cases");
    list.replaceChildren();
    const cases = await getJSON(`/api/v1/command/grid/${encodeURIComponent(e.detail.code)}/cases`);
    if (!cases.length) { const li = document.createElement("li"); li.textContent = msg("None"); list.appendChild(li); }
    for (const p of cases) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = `/desk/cases/${p[0]}/`; a.textContent = `${p[5]} ${p[6]}`;
      li.appendChild(a); list.appendChild(li);
    }
  });
  load().catch((e) => console.error(e));
  setInterval(() => poll().catch((e) => console.warn(e)), Number(script.dataset.pollMs || 15000));
})();
