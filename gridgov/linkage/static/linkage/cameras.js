/* The command map's cameras: a clustered layer of every camera in the reader's jurisdiction, the cameras of a clicked
   grid in its panel, and the grids without a camera (coverage gaps) listed. Names go in as text, never as markup. */
(function () {
  "use strict";
  const script = document.currentScript;
  const within = script.dataset.within;
  const map = window.gridgovMap;
  const el = document.getElementById("map");
  const layer = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 40 });
  window.gridgovCameras = layer;  // for the page's tests
  const KIND_COLOURS = { public_video: "#1d3557", community: "#6a4c93", school: "#ff9f1c", traffic: "#2a9d8f",
    enterprise: "#8d99ae", fence: "#e63946", other: "#8d99ae" };

  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + " → " + r.status);
    return r.json();
  }
  function label(c) { return `${c.name} · ${c.device_id}`; }
  function item(text) { const li = document.createElement("li"); li.textContent = text; return li; }

  async function load() {
    const q = within ? `?within=${encodeURIComponent(within)}` : "";
    const cams = await getJSON(`/api/v1/cameras${q}`);
    for (const c of cams) {
      const m = L.circleMarker([c.lat, c.lon], { radius: 5, color: "#fff", weight: 1,
        fillColor: KIND_COLOURS[c.kind] || "#1d3557", fillOpacity: c.status === "online" ? 0.95 : 0.4 });
      const span = document.createElement("span");
      span.textContent = label(c);
      m.bindPopup(span);
      m.options.title = c.device_id;
      layer.addLayer(m);
    }
    document.getElementById("camera-count").textContent = String(cams.length);
    el.dataset.cameras = String(cams.length);
    const gaps = await getJSON(`/api/v1/cameras/gaps${q}`);
    const list = document.getElementById("camera-gaps");
    document.getElementById("camera-gap-count").textContent = `${gaps.without_camera.length} / ${gaps.grids}`;
    for (const g of gaps.without_camera.slice(0, 200)) list.appendChild(item(`${g.name} (${g.code})`));
  }
  document.getElementById("show-cameras").addEventListener("change", (e) => {
    if (e.target.checked) map.addLayer(layer); else map.removeLayer(layer);
  });
  el.addEventListener("area", async (e) => {
    const list = document.getElementById("info-cameras");
    list.replaceChildren();
    const cams = await getJSON(`/api/v1/cameras?within=${encodeURIComponent(e.detail.code)}`);
    if (!cams.length) list.appendChild(item(script.dataset.msgNone));
    for (const c of cams) list.appendChild(item(label(c)));
  });
  load().then(() => { el.dataset.camerasLoaded = "1"; }).catch((e) => console.error(e));
})();
