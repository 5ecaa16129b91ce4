/* Draws the figures embedded in the page (<script type="application/json">) with the vendored
   plotly.js. A click on a bar, point or cell follows its link (the figure's customdata); the
   table under each chart has the same links for readers without JavaScript.

   Each chart's box is given the height of its drawing, so the drawing never spills over the
   table below it. For paper (the print dialog, or print media emulated) every chart is redrawn
   at a fixed size that fits an A4 landscape page (dashboards.css sets the page), and drawn
   for the screen again afterwards. */
(function () {
  "use strict";

  // A4 landscape less 12 mm margins is 273 mm wide (1031 CSS px) and 186 mm high (703 px);
  // a chart keeps some room for its heading on the page it starts.
  var PAPER_WIDTH = 1000;
  var PAPER_MAX_HEIGHT = 600;
  var charts = [];

  function linkOf(point) {
    var data = point && point.customdata;
    if (Array.isArray(data)) { data = data[0]; }
    return typeof data === "string" && data.charAt(0) === "/" ? data : "";
  }

  function heightOf(layout) {
    return layout.height || 320;
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source || typeof Plotly === "undefined") { return; }
    var figure = JSON.parse(source.textContent);
    var config = { displayModeBar: false, responsive: true };
    element.style.height = heightOf(figure.layout) + "px";
    // Plotly keeps and changes the layout it is given: the screen's is kept apart.
    charts.push({ element: element, layout: JSON.parse(source.textContent).layout });
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.classList.add("drawn");
      if (boxes) { boxes.observe(element); }
    });
    element.on("plotly_click", function (event) {
      var url = linkOf(event.points && event.points[0]);
      if (url) { window.location.href = url; }
    });
  }

  function toPaper() {
    charts.forEach(function (chart) {
      var height = Math.min(heightOf(chart.layout), PAPER_MAX_HEIGHT);
      chart.element.style.height = height + "px";
      Plotly.relayout(chart.element, { width: PAPER_WIDTH, height: height });
      chart.element.classList.add("on-paper");
    });
  }

  function toScreen() {
    charts.forEach(function (chart) {
      if (!chart.element.classList.contains("on-paper")) { return; }
      chart.element.classList.remove("on-paper");
      chart.element.style.height = heightOf(chart.layout) + "px";
      Plotly.relayout(chart.element, { width: null, height: heightOf(chart.layout), autosize: true });
    });
  }

  // A chart on screen follows its box's width. Leaving print media may lay the page out for
  // the screen only after toScreen has drawn the charts (at the paper's width, then), and no
  // window resize follows: the box's own resize does.
  var boxes = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var element = entry.target;
      var layout = element._fullLayout;
      if (!layout || element.classList.contains("on-paper")) { return; }
      if (Math.abs(layout.width - element.clientWidth) > 1) { Plotly.Plots.resize(element); }
    });
  });

  document.querySelectorAll(".js-chart").forEach(draw);
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("beforeprint", toPaper);
  window.addEventListener("afterprint", toScreen);
  var print = window.matchMedia("print");
  var onChange = function (query) { if (query.matches) { toPaper(); } else { toScreen(); } };
  if (print.addEventListener) { print.addEventListener("change", onChange); }
  else if (print.addListener) { print.addListener(onChange); }
})();
