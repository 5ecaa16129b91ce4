/* Draws the figures embedded in the page (<script type="application/json">) with the vendored
   plotly.js. A click on a bar, point or cell follows its link (the figure's customdata); the
   table under each chart has the same links for readers without JavaScript. */
(function () {
  "use strict";

  function linkOf(point) {
    var data = point && point.customdata;
    if (Array.isArray(data)) { data = data[0]; }
    return typeof data === "string" && data.charAt(0) === "/" ? data : "";
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source || typeof Plotly === "undefined") { return; }
    var figure = JSON.parse(source.textContent);
    var config = { displayModeBar: false, responsive: true };
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.classList.add("drawn");
    });
    element.on("plotly_click", function (event) {
      var url = linkOf(event.points && event.points[0]);
      if (url) { window.location.href = url; }
    });
  }

  document.querySelectorAll(".js-chart").forEach(draw);
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Charts drawn for the screen are resized to the paper's width before printing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".js-chart.drawn").forEach(function (element) {
      Plotly.Plots.resize(element);
    });
  });
})();
