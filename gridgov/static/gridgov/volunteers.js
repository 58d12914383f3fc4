// The volunteer's phone page: a sign-in or sign-out form is sent with the phone's position (GPS).
(function () {
  "use strict";
  var result = document.getElementById("result");
  function say(text) { if (result) { result.textContent = text; } }
  document.querySelectorAll("form.gps-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.located) { return; }
      event.preventDefault();
      if (!navigator.geolocation) { say(result.dataset.msgDenied); return; }
      say(result.dataset.msgLocating);
      navigator.geolocation.getCurrentPosition(function (p) {
        form.elements.lon.value = p.coords.longitude.toFixed(6);
        form.elements.lat.value = p.coords.latitude.toFixed(6);
        form.dataset.located = "1";
        form.submit();
      }, function () { say(result.dataset.msgDenied); }, {enableHighAccuracy: true, timeout: 20000, maximumAge: 30000});
    });
  });
}());
