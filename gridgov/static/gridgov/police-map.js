/* The command map's police circle: every grid coloured by the minutes a police officer needs to reach it along the
   roads (1/3/5 or the minutes asked), the gaps highlighted (grids beyond the longest time, villages below the target
   share), the police stations and rooms as markers, and planning help (where N new police rooms would reach most).
   Everything from the API goes into the page as text nodes. */
(function () {
  "use strict";
  const script = document.currentScript;
  const msg = (k) => script.dataset["msg" + k] || k;
  const within = script.dataset.within;
  const leafLevel = script.dataset.leafLevel;
  const map = window.gridgovMap;
  const el = document.getElementById("map");
  const SHADES = ["#1a7f37", "#56b870", "#a6d96a", "#d9ef8b", "#fee08b", "#fdae61"];
  const GAP = "#d7191c";
  const reach = L.layerGroup();
  const posts = L.layerGroup();
  const plan = L.layerGroup();
  let grids = null;  // the leaf grids' GeoJSON, loaded once
  let villages = null;

  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.detail ? String(body.detail) : url + " → " + r.status);
    return body;
  }
  const $ = (id) => document.getElementById(id);
  const tip = (text) => () => document.createTextNode(text);
  const pct = (v) => `${Math.round(v * 1000) / 10}%`;

  function bucket(t, minutes) {
    if (t === null || t === undefined) return -1;
    return minutes.findIndex((m) => t <= m);
  }

  function legend(minutes) {
    const list = $("reach-legend");
    list.replaceChildren();
    const items = minutes.map((m, i) => [SHADES[i % SHADES.length], `≤ ${m} ${msg("Min")}`]);
    items.push([GAP, `> ${minutes[minutes.length - 1]} ${msg("Min")} (${msg("Gap")})`]);
    for (const [colour, label] of items) {
      const li = document.createElement("li");
      const i = document.createElement("i");
      i.style.background = colour;
      li.append(i, document.createTextNode(label));
      list.appendChild(li);
    }
  }

  function drawPosts(list) {
    posts.clearLayers();
    for (const p of list) {
      const station = p.kind === "station";
      const m = L.circleMarker([p.lat, p.lon], { radius: station ? 9 : 6, color: "#fff", weight: 2,
        fillColor: station ? "#1d3557" : "#3a86ff", fillOpacity: 1, className: "police-post" });
      m.bindTooltip(tip(`${station ? msg("Station") : msg("Room")}: ${p.name}`));
      posts.addLayer(m);
    }
    el.dataset.policePosts = String(list.length);
  }

  async function drawReach() {
    const minutes = $("reach-minutes").value.trim() || "1,3,5";
    const status = $("reach-status");
    status.textContent = "";
    try {
      const data = await getJSON(`/api/v1/police/reach?area=${encodeURIComponent(within)}` +
        `&minutes=${encodeURIComponent(minutes)}`);
      if (!grids) grids = await getJSON(`/api/v1/geo/areas?level=${leafLevel}&within=${encodeURIComponent(within)}`);
      if (!villages) {
        villages = Number(el.dataset.topLevel) <= 3
          ? await getJSON(`/api/v1/geo/areas?level=3&within=${encodeURIComponent(within)}`) : { features: [] };
      }
      reach.clearLayers();
      const m = data.minutes;
      let gaps = 0;
      reach.addLayer(L.geoJSON(grids, {
        style: (f) => {
          const b = bucket(data.grids[f.properties.code], m);
          if (b < 0) gaps += 1;
          return b < 0 ? { color: GAP, weight: 2, fillColor: GAP, fillOpacity: 0.45 }
            : { color: "#fff", weight: 0.5, fillColor: SHADES[b % SHADES.length], fillOpacity: 0.6 };
        },
        onEachFeature: (f, layer) => {
          const t = data.grids[f.properties.code];
          const when = t === null || t === undefined ? msg("Unreached") : `${t} ${msg("Min")}`;
          layer.bindTooltip(tip(`${f.properties.name} ${f.properties.code}: ${when}`), { sticky: true });
        },
      }));
      const below = new Map(data.below_target.map((v) => [v.code, v]));
      reach.addLayer(L.geoJSON({ type: "FeatureCollection",
        features: villages.features.filter((f) => below.has(f.properties.code)) }, {
        style: { color: GAP, weight: 3, dashArray: "6 4", fill: false },
        onEachFeature: (f, layer) => {
          const v = below.get(f.properties.code);
          layer.bindTooltip(tip(`${v.name}: ${pct(v.share_households)} ${msg("Below")}`), { sticky: true });
        },
      }));
      legend(m);
      drawPosts(data.posts);
      const list = $("reach-gaps");
      list.replaceChildren();
      for (const v of data.below_target) {
        const li = document.createElement("li");
        li.textContent = `${v.name} (${v.code}): ${pct(v.share_households)}`;
        list.appendChild(li);
      }
      status.textContent = `${gaps} ${msg("Gaps")}` + (data.synthetic_roads ? ` · ${msg("Synthetic")}` : "");
      el.dataset.reachGrids = String(grids.features.length);
      el.dataset.reachGaps = String(gaps);
    } catch (e) {
      status.textContent = String(e.message || e);
    }
  }

  function townshipTable(rows) {  // each township: reached now, rooms suggested, and why (as text)
    const table = document.createElement("table");
    table.className = "plan-townships";
    const head = table.createTHead().insertRow();
    for (const k of ["Township", "Reached", "Rooms", "Why"]) {
      const th = document.createElement("th");
      th.textContent = msg(k);
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const t of rows) {
      const tr = body.insertRow();
      tr.dataset.reason = t.reason;
      for (const text of [t.name, `${pct(t.share_before)} (${t.reached_before} / ${t.households})`,
        String(t.suggested), t.why]) tr.insertCell().textContent = text;
    }
    return table;
  }

  async function suggest(event) {
    event.preventDefault();
    const out = $("plan-result");
    out.replaceChildren();
    plan.clearLayers();
    const rooms = $("plan-rooms").value;
    const minutes = $("reach-minutes").value.split(",").map(Number).filter((n) => n > 0).pop() || 5;
    try {
      const p = await getJSON(`/api/v1/police/plan?area=${encodeURIComponent(within)}` +
        `&rooms=${encodeURIComponent(rooms)}&minutes=${minutes}`);
      const head = document.createElement("p");
      head.textContent = `${msg("Within")} ${p.minutes} ${msg("Min")}: ${pct(p.share_before)} → ${pct(p.share_after)}` +
        ` (${p.reached_before} → ${p.reached_after} / ${p.households} ${msg("Households")})`;
      out.appendChild(head);
      const ol = document.createElement("ol");
      for (const s of p.suggested) {
        const li = document.createElement("li");
        li.textContent = `${s.name} (${s.village}): +${s.households_gained} ${msg("Households")}`;
        ol.appendChild(li);
        const m = L.circleMarker([s.lat, s.lon], { radius: 8, color: "#1d3557", weight: 2, dashArray: "3 3",
          fillColor: "#ffbe0b", fillOpacity: 0.9 });
        m.bindTooltip(tip(`${msg("Suggested")}: ${s.name}`));
        plan.addLayer(m);
      }
      out.appendChild(ol);
      if (!p.suggested.length) { const none = document.createElement("p"); none.textContent = msg("Nothing"); out.appendChild(none); }
      out.appendChild(townshipTable(p.townships || []));
      map.addLayer(plan);
      el.dataset.planned = String(p.suggested.length);
    } catch (e) {
      out.textContent = String(e.message || e);
    }
  }

  function toggle(box, layer, draw) {
    box.addEventListener("change", () => {
      if (box.checked) { map.addLayer(layer); if (draw) draw(); } else map.removeLayer(layer);
    });
    if (box.checked) { map.addLayer(layer); if (draw) draw(); }
  }
  if (!map || !within) return;
  toggle($("show-reach"), reach, drawReach);
  toggle($("show-posts"), posts, null);
  $("reach-form").addEventListener("submit", (e) => { e.preventDefault(); $("show-reach").checked = true;
    map.addLayer(reach); drawReach(); });
  $("plan-form").addEventListener("submit", suggest);
  if (!$("show-reach").checked) {  // the posts show without the reach layer too
    getJSON(`/api/v1/police/reach?area=${encodeURIComponent(within)}`).then((d) => drawPosts(d.posts))
      .catch((e) => console.warn(e));
  }
})();
