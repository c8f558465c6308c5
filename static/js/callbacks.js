/* The callback page (K-5): answer from the keyboard and show line f only when it applies. No framework; without
   this file the page still works — line f is shown with its condition and the server checks the answers. */
(function () {
  "use strict";
  var form = document.querySelector("#survey-form");

  // Line f, the fee reminder: only to a satisfied resident who has not paid the heating fee yet.
  function feeReminder() {
    var box = document.querySelector("[data-fee-reminder]");
    if (!form || !box) return;
    var satisfied = form.querySelector("input[name=attitude][value=satisfied]");
    var unpaid = form.querySelector("input[name=heating_fee_unpaid]");
    var show = !!(satisfied && satisfied.checked && unpaid && unpaid.checked);
    box.hidden = !show;
    if (!show) {
      var read = box.querySelector("input[name=fee_reminder_read]");
      if (read) read.checked = false;
    }
  }

  function questions() {
    return form ? Array.prototype.slice.call(form.querySelectorAll("fieldset.question")) : [];
  }

  function focusQuestion(fieldset) {
    if (!fieldset) return;
    var target = fieldset.querySelector("input:checked") || fieldset.querySelector("input, textarea, select");
    if (target) target.focus();
  }

  function open(id, selector) {
    var details = document.getElementById(id);
    if (!details) return;
    details.open = true;
    var field = details.querySelector(selector);
    if (field) field.focus();
  }

  if (form) {
    form.addEventListener("change", feeReminder);
    feeReminder();
    // Start on the first unanswered question (or the first one with an error) — the agent types at once.
    var invalid = form.querySelector(".error");
    focusQuestion(invalid ? invalid.closest("fieldset.question") : questions()[0]);
  }

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      var owner = (event.target.closest && event.target.closest("form")) || form;
      if (owner) { event.preventDefault(); owner.requestSubmit(); }
      return;
    }
    if (event.altKey && !event.ctrlKey && (event.key === "n" || event.key === "N" || event.code === "KeyN")) {
      event.preventDefault(); open("not-reached", "input, textarea"); return;
    }
    if (event.altKey && !event.ctrlKey && (event.key === "a" || event.key === "A" || event.code === "KeyA")) {
      event.preventDefault(); open("appoint", "input[type=datetime-local]"); return;
    }
    // A digit picks the n-th answer of the choice question in focus, then focus moves to the next question.
    if (!form || event.altKey || event.ctrlKey || event.metaKey || !/^[1-9]$/.test(event.key)) return;
    var fieldset = event.target.closest && event.target.closest("fieldset.question");
    if (!fieldset || !form.contains(fieldset) || event.target.type !== "radio") return;
    var choices = fieldset.querySelectorAll("input[type=radio]");
    var choice = choices[Number(event.key) - 1];
    if (!choice) return;
    event.preventDefault();
    choice.checked = true;
    choice.dispatchEvent(new Event("change", { bubbles: true }));
    var all = questions();
    focusQuestion(all[all.indexOf(fieldset) + 1]);
  });
})();
