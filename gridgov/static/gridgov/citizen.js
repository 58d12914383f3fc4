/* The public report page: place the problem on the map or by GPS; an idempotency key so a double tap sends once. */
(function () {
  "use strict";
  const idem = document.getElementById("idem");
  if (idem && !idem.value) idem.value = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  const el = document.getElementById("report-map");
  const lon = document.getElementById("lon"), lat = document.getElementById("lat"), point = document.getElementById("point");
  const maps = window.gridgovMaps;
  const map = maps.plain(el);
  const place = maps.picker(map, (lo, la) => {
    lon.value = lo.toFixed(6); lat.value = la.toFixed(6);
    point.textContent = `${lon.value}, ${lat.value}`;
  });
  maps.outline(map, el.dataset.outline).then(() => {
    if (lon.value) place(Number(lon.value), Number(lat.value));
    el.dataset.ready = "1";
  }).catch((e) => console.warn(e));
  document.getElementById("gps").addEventListener("click", () => {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition((p) => {
      place(p.coords.longitude, p.coords.latitude);
      map.setView([p.coords.latitude, p.coords.longitude], 16);
    }, (e) => { point.textContent = e.message; }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
