/* Pickers (portal/pickers.py): a click on a picker's label opens it, as it focuses a field. */
document.addEventListener("click", function (event) {
  var label = event.target.closest("label[for]");
  if (!label || !window.jQuery) return;
  var select = document.getElementById(label.getAttribute("for"));
  if (select && select.hasAttribute("data-picker") && jQuery(select).data("select2")) {
    event.preventDefault();
    jQuery(select).select2("open");
  }
});
