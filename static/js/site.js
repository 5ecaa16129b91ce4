/* Small behaviours of every page, kept out of the HTML for the Content-Security-Policy
   (no inline scripts or handlers). A <select data-autosubmit> sends its form when changed
   (emptying first the field named by its data-resets: another plan's period); a checkbox
   data-select-all="ids" ticks or unticks every box named ids in its form. Without JavaScript
   the form's own button does the first; the page's 全选本页 link the second. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var reset = select.dataset.resets && select.form.elements[select.dataset.resets];
      if (reset) reset.value = "";
      select.form.submit();
    });
  });
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    all.addEventListener("change", function () {
      var boxes = all.form.querySelectorAll('input[name="' + all.dataset.selectAll + '"]');
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
})();
