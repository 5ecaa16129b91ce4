/* plotly.js (and the map library it bundles) add <style> elements to the page's head while
   they draw. The Content-Security-Policy lets through only those carrying this request's
   nonce (<meta name="csp-nonce">), so they are given it on their way in. Loaded before
   plotly.js; scripts themselves stay "self" only. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csp-nonce"]');
  if (!meta || !meta.content) { return; }
  var nonce = meta.content;
  var append = document.head.appendChild;
  document.head.appendChild = function (child) {
    if (child && child.tagName === "STYLE" && !child.getAttribute("nonce")) {
      child.setAttribute("nonce", nonce);
    }
    return append.call(this, child);
  };
})();
