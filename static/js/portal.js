// Behaviour shared by every page. No inline scripts: the content security policy forbids them.
(function () {
  "use strict";

  // <button data-confirm="Are you sure?"> asks before submitting its form.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

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
