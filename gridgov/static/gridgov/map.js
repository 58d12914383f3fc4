/* The grid map: our own layers on a plain background; a basemap only when a tile URL is configured. */
(function () {
  "use strict";
  const el = document.getElementById("map");
  const msg = (k) => el.dataset["msg" + k];
  const map = L.map(el, { preferCanvas: true, zoomSnap: 0.25, maxZoom: 19 });
  window.gridgovMap = map;  // other layers (the command map's cases) attach to it
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
  }
  const outline = L.geoJSON(null, { style: { color: "#1d3557", weight: 3, fill: false }, interactive: false }).addTo(map);
  let gridLayer = null;
  let selected = null;
  const base = { color: "#457b9d", weight: 1, fillColor: "#a8dadc", fillOpacity: 0.25 };

  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + " → " + r.status);
    return r.json();
  }

  function text(id, value) { document.getElementById(id).textContent = value; }

  async function showArea(feature, layer) {
    if (selected) selected.setStyle(base);
    selected = layer;
    layer.setStyle({ color: "#e63946", weight: 3, fillOpacity: 0.35 });
    const p = feature.properties;
    el.dispatchEvent(new CustomEvent("area", { detail: p }));
    document.getElementById("info").hidden = false;
    text("info-name", p.name);
    text("info-code", p.code);
    text("info-households", p.households != null
      ? `${p.households} ${msg("Households")} · ${p.residents} ${msg("Residents")}` : "");
    const list = document.getElementById("info-people");
    list.replaceChildren();
    const people = await getJSON(`/api/v1/org/areas/${encodeURIComponent(p.code)}/staff`);
    if (!people.length) {
      const li = document.createElement("li"); li.textContent = msg("Nobody"); list.appendChild(li);
    }
    for (const s of people) {
      const li = document.createElement("li");
      li.textContent = `${s.role_label}: ${s.name}` + (s.work_phone ? ` · ${s.work_phone}` : "") + ` (${s.area_code})`;
      list.appendChild(li);
    }
  }

  async function loadLevel(level) {
    const top = el.dataset.top;
    const fc = await getJSON(`/api/v1/geo/areas?level=${level}` + (top ? `&within=${top}` : ""));
    if (gridLayer) map.removeLayer(gridLayer);
    gridLayer = L.geoJSON(fc, {
      style: base,
      onEachFeature: (f, layer) => {
        // a DOM text node, never an HTML string: names come from imports and the back office
        layer.bindTooltip(() => document.createTextNode(`${f.properties.name} ${f.properties.code}`), { sticky: true });
        layer.on("click", () => showArea(f, layer));
      },
    }).addTo(map);
    text("count", `${fc.features.length} ${msg("Areas")}`);
    el.dataset.loadedLevel = String(level);
    el.dataset.loadedCount = String(fc.features.length);
  }

  async function start() {
    if (!el.dataset.top) return;
    const fc = await getJSON(`/api/v1/geo/areas?level=${el.dataset.topLevel}&within=${el.dataset.top}`);
    outline.addData(fc);
    map.fitBounds(outline.getBounds(), { padding: [10, 10] });
    const select = document.getElementById("level");
    select.addEventListener("change", () => loadLevel(select.value));
    await loadLevel(select.value);
  }
  start().catch((e) => { console.error(e); text("count", String(e)); });
})();
