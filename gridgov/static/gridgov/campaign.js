/* The door-to-door campaign on the phone: visit batches (counts per building or street), "nothing to report" and a
   need handed to the normal loop go through the field outbox (field.js), so they are kept and sent later offline. */
(function () {
  "use strict";
  const root = document.getElementById("campaign");
  const outbox = window.gridgovOutbox;
  if (!root || !outbox) return;
  const result = document.getElementById("result");
  const msg = (k) => root.dataset["msg" + k] || "";
  const num = (form, name) => parseInt(form.elements[name].value || "0", 10) || 0;

  async function queue(url, kind, body) {
    const item = { key: outbox.newKey(), kind, url, created: Date.now(), body };
    item.body.idempotency_key = item.key;
    await outbox.put(item);
    const sent = await outbox.flush();  // offline it fails at once, and the outbox status shows what waits
    const mine = sent.find(([it]) => it.key === item.key);
    if (mine && mine[1]) return { ok: true, answer: mine[1] };
    if (mine && mine[0].error) return { error: mine[0].error };
    return { queued: true };
  }
  function say(out, done) {
    result.textContent = out.ok ? done : out.error ? `${msg("Refused")}: ${out.error}` : msg("Queued");
    result.dataset.state = out.ok ? "sent" : out.error ? "refused" : "queued";
  }

  for (const box of root.querySelectorAll("section[data-task]")) {
    const task = parseInt(box.dataset.task, 10);
    const form = box.querySelector("form.visits");
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const needs = {};
      for (const input of form.querySelectorAll("input[data-need]")) {
        const n = parseInt(input.value || "0", 10) || 0;
        if (n) needs[input.dataset.need] = n;
      }
      const body = { task, place: form.elements.place.value, visited: num(form, "visited"),
                     nobody_home: num(form, "nobody_home"), needs, needs_met: num(form, "needs_met"),
                     note: form.elements.note.value };
      const out = await queue("/api/v1/emergencies/visits", "visits", body);
      if (out.ok || out.queued) {
        const shown = box.querySelector(".visited");
        shown.textContent = String(parseInt(shown.textContent, 10) + body.visited);
        form.reset();
      }
      say(out, msg("Saved"));
    });
    const nothing = form.querySelector("button.nothing");
    if (nothing) nothing.addEventListener("click", async () => {
      const out = await queue("/api/v1/emergencies/reports", "report", { task, note: "" });
      if (out.ok || out.queued) nothing.hidden = true;
      say(out, msg("Reported"));
    });
    for (const b of form.querySelectorAll("button.to-case")) {
      b.addEventListener("click", async () => {
        const out = await queue("/api/v1/emergencies/needs", "need", { task, need: b.dataset.need, description: "" });
        say(out, out.ok ? `${msg("Case")} ${out.answer.number}` : "");
      });
    }
  }
})();
