/* On every page (no inline script: the Content-Security-Policy forbids it): the language menu applies on choice, and
   the phone's cached pages of a logged-in worker are dropped at logout, and on any page seen logged out (a session
   that ended by itself), so the next person on the phone never sees them. Static assets stay cached; the outbox of
   unsent reports stays too (each item is sent only by the worker who made it, see field.js). */
(function () {
  "use strict";
  const lang = document.querySelector("select[name=language]");
  if (lang) lang.addEventListener("change", () => lang.form.submit());

  async function dropCachedPages() {  // the field service worker's cache of pages (field/sw.js)
    if (window.caches) await caches.delete("gridgov-field-pages");  // (no Cache Storage outside secure contexts)
  }

  const logout = document.querySelector("form[action$='/logout/']");
  if (logout) {
    logout.addEventListener("submit", (ev) => {
      ev.preventDefault();
      dropCachedPages().catch((e) => console.warn(e)).finally(() => logout.submit());
    });
  } else {
    dropCachedPages().then(() => { document.body.dataset.pagesDropped = "1"; }).catch((e) => console.warn(e));
  }
})();
