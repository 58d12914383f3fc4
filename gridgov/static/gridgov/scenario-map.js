/* Special scenarios on a map: the area, and the routes and points of their extra layers, each with its label as a
   tooltip built from a text node (never markup). On the new-scenario page a commander draws the area (polygon) and
   the routes and points with Leaflet-Geoman; on a scenario's page the routes and points; on the command map the
   scenarios in force or coming are drawn read-only. What is drawn goes to the form as GeoJSON when it is sent; the
   server checks it again. */
(function () {
  "use strict";
  const AREA = { color: "#6a4c93", weight: 3, fillColor: "#6a4c93", fillOpacity: 0.12 };
  const OUTLINE = { color: "#1d3557", weight: 1, fillOpacity: 0.03, interactive: false };
  const LINE = { color: "#e76f51", weight: 4 };
  const POINT = { radius: 7, color: "#2a9d8f", weight: 2, fillColor: "#2a9d8f", fillOpacity: 0.8 };
  const maps = window.gridgovMaps;
  if (!window.L) return;

  function label(layer, text) {
    layer.bindTooltip(() => document.createTextNode(text), { permanent: true, direction: "top", className: "drawn-label" });
  }

  /* One drawn feature (route or point) as a Leaflet layer with its label. */
  function featureLayer(f, editable) {
    const g = f.geometry, p = f.properties || {};
    const opts = editable ? {} : { pmIgnore: true };
    const layer = g.type === "Point"
      ? L.circleMarker([g.coordinates[1], g.coordinates[0]], Object.assign({}, POINT, opts))
      : L.polyline(g.coordinates.map((c) => [c[1], c[0]]), Object.assign({}, LINE, opts));
    label(layer, String(p.label || ""));
    return layer;
  }

  function areaLayer(geometry, editable) {
    const layers = L.geoJSON(geometry, { style: AREA, pmIgnore: !editable }).getLayers();
    return layers[0];
  }

  function parse(text) {
    try { return text ? JSON.parse(text) : null; } catch (e) { return null; }
  }

  /* -- the command map: scenarios in force or coming, read-only ---------------------------------------------- */
  function commandMap(map) {
    fetch("/api/v1/emergencies/scenarios", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : []))
      .then((items) => {
        for (const s of items) {
          const area = areaLayer(s.boundary, false);
          if (area) {
            area.bindTooltip(() => document.createTextNode(s.name));
            area.addTo(map);
          }
          for (const f of (s.features && s.features.features) || []) featureLayer(f, false).addTo(map);
        }
      })
      .catch((e) => console.warn(e));
  }

  /* -- a scenario's map, with the editor when there is a form ---------------------------------------------- */
  function scenarioMap(el) {
    const map = maps.plain(el, { preferCanvas: false });
    window.gridgovScenarioMap = map;
    const form = document.getElementById("scenario-form");
    const data = parse((document.getElementById("scenario-data") || {}).textContent) || {};
    const names = data.names || parse((document.getElementById("scenario-layer-names") || {}).textContent) || {};
    const boundaryInput = document.getElementById("boundary");
    const featuresInput = document.getElementById("features");
    const list = document.getElementById("drawn-list");
    const drawn = [];  // {layer, name, label}
    let area = null;

    if (el.dataset.top) {
      maps.outline(map, `/api/v1/geo/areas?level=${el.dataset.topLevel}&within=${el.dataset.top}`, OUTLINE)
        .then(() => {  // the scenario itself: its area and what is drawn around it
          const all = L.featureGroup([area, ...drawn.map((d) => d.layer)].filter(Boolean));
          if (all.getLayers().length) map.fitBounds(all.getBounds().pad(0.1));
        })
        .catch((e) => console.warn(e));
    }
    if (data.boundary) {  // the stored area, not edited here
      area = areaLayer(data.boundary, false);
      if (area) area.addTo(map);
    }
    const editing = !!(form && featuresInput && window.L.PM);

    function showItem(item) {
      if (!list) return;
      const li = document.createElement("li");
      li.append(`${names[item.name] || item.name} · ${item.label} `);
      if (editing) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = list.dataset.msgRemove || "×";
        b.addEventListener("click", () => { map.removeLayer(item.layer); forget(item.layer); });
        li.append(b);
      }
      item.li = li;
      list.appendChild(li);
    }
    function forget(layer) {
      const i = drawn.findIndex((d) => d.layer === layer);
      if (i >= 0) { if (drawn[i].li) drawn[i].li.remove(); drawn.splice(i, 1); }
      if (layer === area && boundaryInput) area = null;
    }
    function add(f) {
      const layer = featureLayer(f, editing).addTo(map);
      const item = { layer, name: f.properties.layer, label: String(f.properties.label || "") };
      drawn.push(item);
      showItem(item);
    }
    const stored = parse(featuresInput && featuresInput.value) || data.features || {};
    for (const f of stored.features || []) add(f);
    if (boundaryInput && boundaryInput.value) {  // a drawing sent back after a refusal
      const g = parse(boundaryInput.value);
      if (g && g.type) { area = areaLayer(g, true); if (area) area.addTo(map); }
    }
    if (!editing) return;

    if (el.dataset.lang && el.dataset.lang.startsWith("zh")) map.pm.setLang("zh");
    map.pm.addControls({
      position: "topleft", drawPolygon: !!el.dataset.allowArea, drawPolyline: true, drawCircleMarker: true,
      drawMarker: false, drawRectangle: false, drawCircle: false, drawText: false, cutPolygon: false,
      rotateMode: false, dragMode: false, editMode: true, removalMode: true,
    });
    map.on("pm:create", (e) => {
      if (e.shape === "Polygon") {
        if (area) map.removeLayer(area);
        area = e.layer;
        area.setStyle(AREA);
        return;
      }
      const select = document.getElementById("draw-layer"), input = document.getElementById("draw-label");
      const wantLine = e.shape === "Line";
      // the layer chosen, or the first one of the drawn kind (routes are lines, first-aid points are points)
      let name = select ? select.value : "";
      const isLine = /routes$/.test(name);
      if (!name || isLine !== wantLine) name = Object.keys(names).find((k) => /routes$/.test(k) === wantLine) || name;
      const text = (input && input.value.trim()) || `${names[name] || name} ${drawn.length + 1}`;
      label(e.layer, text.slice(0, 60));
      const item = { layer: e.layer, name, label: text.slice(0, 60) };
      drawn.push(item);
      showItem(item);
      if (input) input.value = "";
    });
    map.on("pm:remove", (e) => forget(e.layer));
    form.addEventListener("submit", () => {
      if (boundaryInput) boundaryInput.value = area ? JSON.stringify(area.toGeoJSON().geometry) : "";
      featuresInput.value = JSON.stringify({
        type: "FeatureCollection",
        features: drawn.map((d) => ({ type: "Feature", geometry: d.layer.toGeoJSON().geometry,
                                       properties: { layer: d.name, label: d.label } })),
      });
    });
  }

  const el = document.getElementById("scenario-map");
  if (el && maps) scenarioMap(el);
  else if (window.gridgovMap) commandMap(window.gridgovMap);
})();
