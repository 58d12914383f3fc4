/* Workbench helpers: deadline countdowns, the unit picker's name filter, select-all for bulk dispatch, the case map, the intake location picker. */
(function () {
  "use strict";
  const script = document.currentScript;
  const msg = (k, d) => (script && script.dataset["msg" + k]) || d;

  // units in the page's language ("{n}m" / "{n}分钟"), given by the template as data-msg-minutes/-hours/-days
  const unit = (k, n) => msg(k, "{n}" + k[0].toLowerCase()).replace("{n}", n);
  function human(ms) {
    const m = Math.round(Math.abs(ms) / 60000);
    if (m < 60) return unit("Minutes", m);
    const h = Math.floor(m / 60);
    return h < 48 ? unit("Hours", h) + (m % 60 ? unit("Minutes", m % 60) : "")
      : unit("Days", Math.floor(h / 24)) + unit("Hours", h % 24);
  }
  function tick() {
    const now = Date.now();
    for (const t of document.querySelectorAll("time.countdown")) {
      const left = Date.parse(t.getAttribute("datetime")) - now;
      t.title = t.dataset.abs || (t.dataset.abs = t.textContent);
      t.textContent = (left < 0 ? msg("Overdue", "overdue by {t}") : msg("Left", "{t} left")).replace("{t}", human(left));
      t.classList.toggle("late", left < 0);
      t.classList.toggle("soon", left >= 0 && left < 4 * 3600e3);
    }
  }
  tick();
  setInterval(tick, 30000);

  // the unit picker: a box above the <select> narrows it to the units whose name holds what is typed
  for (const box of document.querySelectorAll(".unit-picker")) {
    const select = box.querySelector("select");
    const input = document.createElement("input");
    input.type = "search";
    input.className = "unit-filter";
    input.placeholder = box.dataset.msgFilter || "";
    input.setAttribute("aria-label", box.dataset.msgFilter || "filter");
    const none = document.createElement("p");
    none.className = "muted unit-none";
    none.setAttribute("role", "status");
    none.hidden = true;
    none.textContent = box.dataset.msgNone || "";
    box.prepend(input, none);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") e.preventDefault(); });
    input.addEventListener("input", () => {
      const q = input.value.trim().toLowerCase();
      let first = null, shown = 0;
      for (const o of select.options) {
        const hit = !q || (o.value !== "" && o.textContent.toLowerCase().includes(q));
        o.hidden = !hit;
        if (hit && o.value !== "") { shown += 1; if (!first) first = o; }
      }
      for (const g of select.querySelectorAll("optgroup")) g.hidden = ![...g.children].some((o) => !o.hidden);
      const current = select.options[select.selectedIndex];
      if (q && first && (!current || current.hidden)) select.value = first.value;
      select.size = q && shown ? Math.min(8, shown + select.querySelectorAll("optgroup:not([hidden])").length) : 0;
      none.hidden = !q || shown > 0;
    });
  }

  const all = document.getElementById("all");
  if (all) all.addEventListener("change", () => {
    for (const box of document.querySelectorAll("input[name=case]")) box.checked = all.checked;
  });

  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + " → " + r.status);
    return r.json();
  }
  const maps = window.gridgovMaps;

  const caseMap = document.getElementById("case-map");
  if (caseMap) {
    const map = maps.plain(caseMap);
    const at = [Number(caseMap.dataset.lat), Number(caseMap.dataset.lon)];
    L.circleMarker(at, { radius: 8, color: "#e63946", fillOpacity: 0.8 }).addTo(map);
    map.setView(at, 15);
    const grid = caseMap.dataset.grid;
    if (grid) {
      const level = (grid.length - 6) / 3 + 1;
      maps.outline(map, `/api/v1/geo/areas?level=${level}&within=${grid}`)
        .then((layer) => map.fitBounds(layer.getBounds().extend(at), { padding: [20, 20] }))
        .catch((e) => console.warn(e));
    }
  }

  const pick = document.getElementById("pick-map");
  if (pick) {
    const idem = document.getElementById("idem");
    if (idem && !idem.value) idem.value = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
    const map = maps.plain(pick);
    const lon = document.getElementById("lon"), lat = document.getElementById("lat");
    const place = maps.picker(map, (lo, la) => {
      lon.value = lo.toFixed(6); lat.value = la.toFixed(6);
      document.getElementById("point").textContent = `${lon.value}, ${lat.value}`;
    });
    const top = document.body.dataset.topArea, topLevel = document.body.dataset.topLevel;
    maps.outline(map, `/api/v1/geo/areas?level=${topLevel}&within=${top}`).then(() => {
      if (lon.value) place(Number(lon.value), Number(lat.value));
      pick.dataset.ready = "1";
    }).catch((e) => console.warn(e));
    const input = document.getElementById("place"), list = document.getElementById("places");
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        list.replaceChildren();
        if (!input.value.trim()) return;
        for (const p of await getJSON(`/api/v1/geo/search?q=${encodeURIComponent(input.value.trim())}`)) {
          const li = document.createElement("li");
          const b = document.createElement("button");
          b.type = "button";
          b.textContent = `${p.name} (${p.code})`;
          b.addEventListener("click", () => {
            place(p.lon, p.lat);
            map.setView([p.lat, p.lon], Math.max(map.getZoom(), 14));
            list.replaceChildren(); input.value = p.name;
          });
          li.appendChild(b); list.appendChild(li);
        }
      }, 250);
    });
  }
})();
