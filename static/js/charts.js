// Draws every chart on the page. Each chart's figure (data, layout, config) travels as JSON in a
// <script type="application/json"> block, which the Content-Security-Policy does not run; this
// module, served from our own origin, reads it and calls Plotly.newPlot. Without JavaScript (or
// if plotly.js fails to load) the table beside each chart still has every figure.
const plots = document.querySelectorAll("[data-chart]");
if (plots.length && window.Plotly) {
  for (const plot of plots) {
    const source = document.getElementById(plot.dataset.chart);
    if (!source) continue;
    const figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(plot, figure.data, figure.layout, figure.config);
  }
}
