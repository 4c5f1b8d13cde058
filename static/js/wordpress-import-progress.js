/*
 * The progress bar of a WordPress import in the admin (templates/wordpress/admin/inspect.html).
 *
 * While the task worker checks or imports an export, the page polls the run's status view
 * (data-status-url: wordpress/admin_views.py, StatusView) and moves the <progress> bar and its
 * text; the text sits in an aria-live region, so a screen reader hears the stage change. When
 * the run ends, the page reloads to show the counts and messages, which the server renders.
 *
 * A static file with no inline script, so the admin's Content-Security-Policy allows it.
 */
(function () {
  "use strict";

  var INTERVAL = 2000; // ms between polls while the run is going
  var MAX_INTERVAL = 30000; // ms: the longest wait after repeated failures

  function start(section) {
    var url = section.getAttribute("data-status-url");
    var bar = section.querySelector("progress");
    var text = section.querySelector("[data-import-progress-text]");
    var wait = INTERVAL;

    function schedule() {
      window.setTimeout(poll, wait);
    }

    function poll() {
      fetch(url, {
        credentials: "same-origin",
        // Wagtail answers a refused XMLHttpRequest with 403 rather than a redirect.
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          // Signed out, or the run was deleted: polling again would not help.
          if (response.status === 403 || response.status === 404) return null;
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (status) {
          if (status === null) return;
          wait = INTERVAL;
          bar.value = status.percent;
          bar.textContent = status.percent + "%";
          // Only a changed text is written, so the live region does not repeat itself.
          if (text.textContent !== status.text) text.textContent = status.text;
          if (status.active) {
            schedule();
          } else {
            window.location.reload();
          }
        })
        .catch(function () {
          // A worker restart or a dropped connection: keep trying, less often.
          wait = Math.min(wait * 2, MAX_INTERVAL);
          schedule();
        });
    }

    schedule();
  }

  function init() {
    document.querySelectorAll("[data-import-progress][data-status-url]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
