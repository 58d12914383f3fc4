/* The campaign page reads its figures again every data-refresh-seconds (30 s) and when its window gets the focus,
   and writes them in place as text: the progress table's cells by area code, the grids not reporting and their
   count. window.gridgovCampaignPage.refresh() does it at once (a promise). */
(function () {
  "use strict";
  const root = document.getElementById("emergency");
  if (!root || !root.dataset.url) return;
  let last = Date.now();
  let busy = false;

  function fillRows(rows) {
    const byCode = new Map();
    for (const tr of document.querySelectorAll("#progress tbody tr[data-code]")) byCode.set(tr.dataset.code, tr);
    for (const row of rows) {
      const tr = byCode.get(row[0]);
      if (!tr) continue;
      const cells = tr.querySelectorAll("td");
      for (let i = 1; i < row.length && i < cells.length; i++) {
        if (cells[i].textContent !== row[i]) cells[i].textContent = row[i];
      }
    }
  }
  function fillMissing(missing) {
    const list = document.getElementById("missing");
    const count = document.getElementById("missing-count");
    if (count) count.textContent = String(missing.length);
    if (!list) return;
    const items = missing.map((m) => {
      const li = document.createElement("li");
      li.textContent = `${m.code} ${m.name}`;
      return li;
    });
    if (!items.length) {
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = root.dataset.none || "";
      items.push(li);
    }
    list.replaceChildren(...items);
  }

  async function refresh() {
    if (busy) return false;
    busy = true;
    last = Date.now();
    try {
      const res = await fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok) return false;
      const data = await res.json();
      fillRows(data.rows || []);
      fillMissing(data.missing || []);
      const at = document.getElementById("refreshed-at");
      if (at && data.at) at.textContent = data.at;
      root.dataset.refreshed = String((parseInt(root.dataset.refreshed || "0", 10) || 0) + 1);
      return true;
    } catch (err) {
      return false;  // offline for a moment: the next tick tries again
    } finally {
      busy = false;
    }
  }

  function due() {  // read each second, so the interval can be changed on the page (the tests set it short)
    const seconds = parseFloat(root.dataset.refreshSeconds || "30") || 30;
    if (!document.hidden && Date.now() - last >= seconds * 1000) refresh();
  }
  setInterval(due, 1000);
  window.addEventListener("focus", () => { refresh(); });
  window.gridgovCampaignPage = { refresh };
})();
