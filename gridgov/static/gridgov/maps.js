/* The pieces every map page shares: a map with our own layers (a basemap only when GRIDGOV_TILE_URL is set),
   an outline loaded from a GeoJSON URL, and a point picker (map click or a given position). */
(function () {
  "use strict";
  const OUTLINE = { color: "#1d3557", weight: 2, fillOpacity: 0.06 };

  function plain(el, options) {
    const map = L.map(el, Object.assign({ preferCanvas: true, maxZoom: 19 }, options || {}));
    const url = document.body.dataset.tileUrl;
    if (url) L.tileLayer(url, { maxZoom: 19, attribution: document.body.dataset.tileAttribution || "" }).addTo(map);
    return map;
  }

  async function outline(map, url, style) {
    const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(url + " → " + r.status);
    const fc = await r.json();
    const layer = L.geoJSON(fc, { style: style || OUTLINE, interactive: false }).addTo(map);
    if (fc.features && fc.features.length) map.fitBounds(layer.getBounds());
    return layer;
  }

  /* Clicking the map (or calling the returned function) places the marker and reports lon/lat to onPick. */
  function picker(map, onPick) {
    let marker = null;
    function place(lon, lat) {
      if (marker) marker.setLatLng([lat, lon]); else marker = L.marker([lat, lon]).addTo(map);
      onPick(lon, lat);
    }
    map.on("click", (e) => place(e.latlng.lng, e.latlng.lat));
    return place;
  }

  window.gridgovMaps = { plain, outline, picker };
})();
