/* Small behaviours of every page, kept out of the HTML for the Content-Security-Policy
   (no inline scripts or handlers). A <select data-autosubmit> sends its form when changed;
   without JavaScript the form's own button does. */
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
