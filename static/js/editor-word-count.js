/*
 * A live word count and reading time for the article body in the page editor.
 *
 * blog/models.py marks the body's panel with data-word-count-wpm (the words per minute the
 * public page's reading time uses) and blog/wagtail_hooks.py loads this file on the editor
 * pages. It counts what BlogPage.compute_reading_minutes() counts, the body blocks' indexed
 * text: text fields and text areas, rich text (Draftail), and the label of a chosen option.
 * Web addresses, email addresses and chosen pages or images are not words and are left out,
 * as they are on the server.
 *
 * A static file with no inline script, so the admin's Content-Security-Policy allows it.
 */
(function () {
  "use strict";

  var RECOUNT_DELAY = 250; // ms after the last change: typing stays smooth
  var TEXT_FIELDS = 'input[type="text"], textarea';
  var RICH_TEXT_BLOCKS = '[contenteditable="true"] [data-block="true"]';

  function words(text) {
    var trimmed = (text || "").trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function countWords(panel) {
    var total = 0;
    panel.querySelectorAll(TEXT_FIELDS).forEach(function (field) {
      // The block chooser's search box is not part of the article.
      if (!field.closest(".w-combobox")) total += words(field.value);
    });
    // Each Draftail paragraph separately: their text runs together in the editor's DOM.
    panel.querySelectorAll(RICH_TEXT_BLOCKS).forEach(function (block) {
      total += words(block.textContent);
    });
    panel.querySelectorAll("select").forEach(function (select) {
      var option = select.selectedOptions[0];
      if (option && option.value) total += words(option.textContent);
    });
    return total;
  }

  function summary(count, minutes) {
    return (
      count + (count === 1 ? " word" : " words") + " · " + minutes + " min read"
    );
  }

  function attach(panel) {
    var wordsPerMinute = parseInt(panel.dataset.wordCountWpm, 10) || 220;
    var status = document.createElement("p");
    status.className = "help kinship-word-count";
    status.dataset.wordCount = "";
    // The visible count follows every change; the polite live region speaks only when the
    // reading time changes, so a screen reader is not interrupted at every word.
    var visible = document.createElement("span");
    visible.dataset.wordCountText = "";
    var announcer = document.createElement("span");
    announcer.className = "w-sr-only";
    announcer.setAttribute("aria-live", "polite");
    status.append(visible, announcer);

    var header = panel.querySelector(".w-panel__header");
    (header || panel).insertAdjacentElement(header ? "afterend" : "afterbegin", status);

    var lastMinutes = null;
    var timer = null;
    // Blocks rendering as the editor loads change the count too; only the writer's own
    // changes are announced.
    var edited = false;

    function recount() {
      timer = null;
      var count = countWords(panel);
      // As compute_reading_minutes(): whole minutes, rounded up, at least one.
      var minutes = Math.max(1, Math.ceil(count / wordsPerMinute));
      visible.textContent = summary(count, minutes);
      if (edited && minutes !== lastMinutes) {
        announcer.textContent = "Reading time now " + minutes + " min";
      }
      lastMinutes = minutes;
    }

    function schedule() {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(recount, RECOUNT_DELAY);
    }

    // Typed text in inputs fires input/change; Draftail rewrites its DOM without input
    // events, and adding, removing or moving blocks changes the DOM too.
    function edit(event) {
      // Wagtail's widgets dispatch change events of their own as they set up.
      if (event.isTrusted) edited = true;
      schedule();
    }
    ["input", "change", "keydown", "paste", "cut", "drop"].forEach(function (type) {
      panel.addEventListener(type, edit);
    });
    new MutationObserver(function (mutations) {
      var own = mutations.every(function (m) {
        return status.contains(m.target);
      });
      if (!own) schedule();
    }).observe(panel, { subtree: true, childList: true, characterData: true });

    recount();
  }

  function init() {
    document.querySelectorAll("[data-word-count-wpm]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
