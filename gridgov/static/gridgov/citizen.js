/* The public report page: place the problem on the map or by GPS; an idempotency key so a double tap sends once. */
(function () {
  "use strict";
  const idem = document.getElementById("idem");
  if (idem && !idem.value) idem.value = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  const el = document.getElementById("report-map");
  const lon = document.getElementById("lon"), lat = document.getElementById("lat"), point = document.getElementById("point");
  const map = L.map(el, { preferCanvas: true });
  if (document.body.dataset.tileUrl) L.tileLayer(document.body.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  let marker = null;
  function place(la, lo) {
    if (marker) marker.setLatLng([la, lo]); else marker = L.marker([la, lo]).addTo(map);
    lon.value = lo.toFixed(6); lat.value = la.toFixed(6);
    point.textContent = `${lon.value}, ${lat.value}`;
  }
  map.on("click", (e) => place(e.latlng.lat, e.latlng.lng));
  fetch(el.dataset.outline).then((r) => r.json()).then((fc) => {
    const layer = L.geoJSON(fc, { style: { color: "#1d3557", weight: 2, fillOpacity: 0.06 }, interactive: false }).addTo(map);
    if (fc.features.length) map.fitBounds(layer.getBounds());
    if (lon.value) place(Number(lat.value), Number(lon.value));
    el.dataset.ready = "1";
  });
  document.getElementById("gps").addEventListener("click", () => {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition((p) => {
      place(p.coords.latitude, p.coords.longitude);
      map.setView([p.coords.latitude, p.coords.longitude], 16);
    }, (e) => { point.textContent = e.message; }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
