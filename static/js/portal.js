// Behaviour shared by every page. No inline scripts: the content security policy forbids them.
(function () {
  "use strict";

  // <button data-confirm="Are you sure?"> asks in a Bootstrap modal (#confirm-modal in base.html)
  // before submitting its form. Confirming adds confirmed=1, which views of irreversible steps
  // check (portal.confirm.confirmation_page): without JavaScript they show a confirmation page.
  var confirmedSubmitter = null;
  function addHidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    input.setAttribute("data-added", "");
    form.appendChild(input);
    return input;
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (!target || target === confirmedSubmitter) { return; }
    var form = target.form || target.closest("form");
    var modalElement = document.getElementById("confirm-modal");
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!form || !modalElement || !window.bootstrap) {
      if (window.confirm(target.getAttribute("data-confirm")) && form) {
        addHidden(form, "confirmed", "1");
        confirmedSubmitter = target;
        target.click();
        confirmedSubmitter = null;
      }
      return;
    }
    modalElement.querySelector("[data-confirm-message]").textContent = target.getAttribute("data-confirm");
    var accept = modalElement.querySelector("[data-confirm-accept]");
    var modal = window.bootstrap.Modal.getOrCreateInstance(modalElement);
    accept.onclick = function () {
      accept.onclick = null;
      modal.hide();
      addHidden(form, "confirmed", "1");
      confirmedSubmitter = target;
      target.click();  // submits with the button's name and value
      confirmedSubmitter = null;
    };
    modal.show();
  }, true);

  // <form data-busy> (or a submit button with data-busy): a submit disables its buttons, shows a
  // spinner in the one pressed and marks the form aria-busy, so a slow step is not sent twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var busy = form.hasAttribute("data-busy") || (submitter && submitter.hasAttribute("data-busy"));
    if (!busy || event.defaultPrevented) { return; }
    if (submitter && submitter.name) { addHidden(form, submitter.name, submitter.value); }
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]').forEach(function (button) {
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
    });
    if (submitter && submitter.tagName === "BUTTON") {
      var spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-1";
      spinner.setAttribute("aria-hidden", "true");
      submitter.insertBefore(spinner, submitter.firstChild);
    }
  });
  // A page shown again from the back/forward cache gets its buttons back.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[aria-busy]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("[data-added]").forEach(function (input) { input.remove(); });
      form.querySelectorAll("button[disabled], input[disabled]").forEach(function (button) {
        button.disabled = false; button.removeAttribute("aria-disabled");
        var spinner = button.querySelector(".spinner-border"); if (spinner) { spinner.remove(); }
      });
    });
  });

  // <select data-autosubmit> and <input data-autosubmit> submit their form on change.
  document.addEventListener("change", function (event) {
    var target = event.target.closest("[data-autosubmit]");
    if (target && target.form) {
      if (target.form.requestSubmit) { target.form.requestSubmit(); } else { target.form.submit(); }
    }
  });

  // <input type="checkbox" data-check-all="name"> toggles every checkbox with that name.
  document.addEventListener("change", function (event) {
    var target = event.target.closest("[data-check-all]");
    if (!target) { return; }
    var name = target.getAttribute("data-check-all");
    document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.checked = target.checked;
    });
  });
})();
