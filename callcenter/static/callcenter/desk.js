/* Agent desk: tabs and keyboard shortcuts (K-2: the whole repair intake without the mouse). No framework. */
(function () {
  "use strict";
  function showTab(name) {
    var tabs = document.querySelector("#tabs");
    if (!tabs) return;
    tabs.querySelectorAll("[role=tab]").forEach(function (b) { b.setAttribute("aria-selected", b.dataset.tab === name ? "true" : "false"); });
    tabs.querySelectorAll("[role=tabpanel]").forEach(function (p) { p.hidden = p.dataset.panel !== name; });
    var panel = tabs.querySelector("[data-panel=" + name + "]");
    var first = panel && panel.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }
  document.addEventListener("click", function (event) {
    var tab = event.target.closest("[role=tab]");
    if (tab) { showTab(tab.dataset.tab); return; }
    var use = event.target.closest(".use-faq");
    if (use) {
      var answer = document.querySelector("#consultation-answer");
      var entry = document.querySelector("#faq-entry");
      if (answer) { answer.value = use.dataset.answer; answer.focus(); }
      if (entry) entry.value = use.dataset.entry;
    }
  });
  var order = ["ticket", "complaint", "consultation", "attach", "wrapup"];
  document.addEventListener("keydown", function (event) {
    if (event.key === "F2") { event.preventDefault(); var f = document.querySelector("#lookup-phone"); if (f) f.focus(); return; }
    if (event.altKey && event.key >= "1" && event.key <= "5") { event.preventDefault(); showTab(order[Number(event.key) - 1]); return; }
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      var form = event.target.closest && event.target.closest("form");
      if (form) { event.preventDefault(); form.requestSubmit(); }
    }
  });
  // A new call popped up: bring the agent to the repair tab, the common path.
  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "desk-work") showTab("ticket");
  });
})();
