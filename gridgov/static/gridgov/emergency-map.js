/* The command map's emergency layer: areas in an emergency, coloured, with their campaign's progress; refreshed with
   the map's polling period. */
(function () {
  "use strict";
  const map = window.gridgovMap, maps = window.gridgovMaps;
  const list = document.getElementById("emergency-list");
  if (!map || !maps || !list) return;
  const STYLE = { color: "#c1121f", weight: 3, fillColor: "#c1121f", fillOpacity: 0.12 };
  const layers = {};
  async function refresh() {
    const r = await fetch("/api/v1/emergencies", { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) return;
    const items = await r.json();
    list.textContent = "";
    for (const e of items) {
      if (!layers[e.id]) {
        layers[e.id] = await maps.outline(map, `/api/v1/geo/areas?level=${e.level}&within=${e.area}`, STYLE);
      }
      const d = await (await fetch(`/api/v1/emergencies/${e.id}`, { credentials: "same-origin" })).json();
      const top = (d.progress && d.progress[0] && d.progress[0].areas[0]) || { visited: 0, target: 0, not_reporting: 0 };
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = `/emergencies/${e.id}/`;
      a.textContent = `${e.plan_name} · ${e.area_name}`;
      li.append(a, ` ${top.visited} / ${top.target} · ${list.dataset.msgMissing} ${top.not_reporting}`);
      list.appendChild(li);
      const label = a.textContent;
      layers[e.id].bindTooltip(() => document.createTextNode(label));  // text, never markup
    }
  }
  refresh().catch((e) => console.warn(e));
  setInterval(() => refresh().catch(() => {}), parseInt(list.dataset.pollMs || "60000", 10));
})();
