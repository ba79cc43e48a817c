// A series page's chart (Chart.js, vendored): one line per category over time, or bars
// side by side when the series has one period; values that failed validation, drew a
// warning or were revised are marked; a click on a point opens its cell on the page image.  Without scripts the chart stays hidden and the
// table of values below it holds the same figures and links.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  var box = document.getElementById("chart-box");
  if (!source || !box || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  if (!data.lines.length) return;

  var PALETTE = ["#1f77b4", "#2ca02c", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#31a354"];
  var MARKS = {
    failed: { style: "crossRot", colour: "#c00000", radius: 9 },
    warning: { style: "triangle", colour: "#d97706", radius: 8 },
    revised: { style: "rectRot", colour: "#6d28d9", radius: 8 }
  };

  function mark(ctx) { return ctx.raw ? MARKS[ctx.raw.mark] : undefined; }
  function month(ms) { return new Date(ms).toISOString().slice(0, 7); }

  function pointOptions(colour) {
    return {
      pointStyle: function (ctx) { var m = mark(ctx); return m ? m.style : "circle"; },
      pointRadius: function (ctx) { var m = mark(ctx); return m ? m.radius : 3; },
      pointBorderColor: function (ctx) { var m = mark(ctx); return m ? m.colour : colour; },
      pointBackgroundColor: function (ctx) { var m = mark(ctx); return m ? m.colour : colour; },
      pointBorderWidth: function (ctx) { return mark(ctx) ? 3 : 1; }
    };
  }

  function openPoint(event, elements, chart) {
    if (!elements.length) return;
    var e = elements[0];
    var point = chart.data.datasets[e.datasetIndex].data[e.index];
    if (point.href) window.location.href = point.href;
  }

  function pointer(event, elements) {
    event.native.target.style.cursor = elements.length ? "pointer" : "default";
  }

  var tooltip = {
    callbacks: {
      title: function (items) { return items.length ? items[0].raw.period : ""; },
      label: function (ctx) {
        var p = ctx.raw;
        return (ctx.dataset.label || p.label) + ": " + p.text + (p.mark ? " (" + p.mark + ")" : "");
      },
      footer: function () { return "click: the cell on its page"; }
    }
  };

  // One period: nothing runs over time, so the categories are drawn side by side.
  function barChart() {
    var points = data.lines.map(function (line) {
      var p = line.points[line.points.length - 1];
      return Object.assign({}, p, { x: line.label, label: line.label });
    });
    var colours = points.map(function (p, i) { return MARKS[p.mark] ? MARKS[p.mark].colour : PALETTE[i % PALETTE.length]; });
    return {
      type: "bar",
      data: { datasets: [{ label: data.lines[0].points[0].period, data: points, backgroundColor: colours }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { title: { display: true, text: data.unit } } },
        plugins: { legend: { display: false }, tooltip: tooltip },
        onHover: pointer, onClick: openPoint
      }
    };
  }

  function lineChart() {
    var xs = [];
    var datasets = data.lines.map(function (line, i) {
      var colour = PALETTE[i % PALETTE.length];
      line.points.forEach(function (p) { xs.push(p.x); });
      return Object.assign(
        { label: line.label, data: line.points, borderColor: colour, backgroundColor: colour, tension: 0 },
        pointOptions(colour)
      );
    });
    var lo = Math.min.apply(null, xs);
    var hi = Math.max.apply(null, xs);
    var pad = (hi - lo) * 0.04;
    return {
      type: "line",
      data: { datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: "nearest", intersect: true },
        scales: {
          x: {
            type: "linear", min: lo - pad, max: hi + pad,
            ticks: {
              maxTicksLimit: 12,
              // a month once: neighbouring ticks in one month would repeat it
              callback: function (value, index, ticks) {
                var label = month(value);
                return index > 0 && month(ticks[index - 1].value) === label ? "" : label;
              }
            },
            title: { display: true, text: "end of period" }
          },
          y: { title: { display: true, text: data.unit } }
        },
        plugins: { tooltip: tooltip },
        onHover: pointer, onClick: openPoint
      }
    };
  }

  var periods = {};
  data.lines.forEach(function (line) { line.points.forEach(function (p) { periods[p.x] = true; }); });
  box.hidden = false;
  new Chart(document.getElementById("chart"), Object.keys(periods).length > 1 ? lineChart() : barChart());
})();
