// govkg side panel: a node's or an edge's details, and for a place its goals against its results.
// All report text is put on screen with textContent, never as markup.
var GovkgPanel = (function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 340, HEIGHT = 120, PAD = { left: 44, right: 10, top: 10, bottom: 22 };

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function svg(tag, attributes, parent) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function number(value) { return String(Math.round(value * 100) / 100); }

  // A chart of one series across the years: goals as hollow markers coloured met / missed / open
  // (a range like 增长5~6% as a bar between its ends), results as a line; each point a button
  // that shows the sentence it came from.
  function chart(series, data, onPoint) {
    var points = series.points;
    var years = points.map(function (p) { return p.year; });
    var values = [];
    points.forEach(function (p) { values.push(p.value); if (p.max !== null) values.push(p.max); });
    var lowYear = Math.min.apply(null, years), highYear = Math.max.apply(null, years);
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    if (series.measure === "growth") { low = Math.min(low, 0); high = Math.max(high, 0); }
    if (low === high) { low -= 1; high += 1; }
    var span = high - low; low -= span * 0.08; high += span * 0.08;
    function x(year) {
      if (lowYear === highYear) return (PAD.left + WIDTH - PAD.right) / 2;
      return PAD.left + (year - lowYear) / (highYear - lowYear) * (WIDTH - PAD.left - PAD.right);
    }
    function y(value) { return HEIGHT - PAD.bottom - (value - low) / (high - low) * (HEIGHT - PAD.top - PAD.bottom); }
    var root = svg("svg", { width: WIDTH, height: HEIGHT, viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img" });
    svg("title", {}, root).textContent = series.name + " " + series.unit;
    svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: HEIGHT - PAD.bottom, y2: HEIGHT - PAD.bottom, stroke: "#bbb" }, root);
    svg("line", { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: HEIGHT - PAD.bottom, stroke: "#bbb" }, root);
    [low + span * 0.08, high - span * 0.08].forEach(function (tick) {
      var text = svg("text", { x: PAD.left - 4, y: y(tick) + 4, "text-anchor": "end", "font-size": 10, fill: "#616161" }, root);
      text.textContent = number(tick);
    });
    var tickYears = lowYear === highYear ? [lowYear] : [lowYear, highYear];
    if (highYear - lowYear > 1) tickYears.splice(1, 0, Math.round((lowYear + highYear) / 2));
    tickYears.forEach(function (year) {
      var text = svg("text", { x: x(year), y: HEIGHT - 6, "text-anchor": "middle", "font-size": 10, fill: "#616161" }, root);
      text.textContent = String(year);
    });
    if (series.measure === "growth" && low < 0 && high > 0) {
      svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), stroke: "#e0e0e0", "stroke-dasharray": "3 3" }, root);
    }
    var outcomes = points.filter(function (p) { return p.kind === "outcome"; });
    if (outcomes.length > 1) {
      svg("polyline", { points: outcomes.map(function (p) { return x(p.year) + "," + y(p.value); }).join(" "),
                        fill: "none", stroke: "#333", "stroke-width": 1.5, "class": "outcome-line" }, root);
    }
    points.forEach(function (p) {
      var group = svg("g", { "class": "point " + p.kind, tabindex: 0, role: "button",
                             "data-kind": p.kind, "data-year": p.year }, root);
      svg("title", {}, group).textContent = p.year + " " + (p.kind === "target" ? "目标 goal " : "实际 result ") +
        p.figure + (p.status ? " — " + data.statusWords[p.status] : "");
      if (p.kind === "target") {
        var colour = data.statusColours[p.status || "open"];
        if (p.max !== null) {
          svg("line", { x1: x(p.year), x2: x(p.year), y1: y(p.value), y2: y(p.max), stroke: colour, "stroke-width": 3 }, group);
        }
        // a square for a missed goal and a circle otherwise: the shape says it as well as the colour
        if (p.status === "missed") {
          svg("rect", { x: x(p.year) - 4.5, y: y(p.value) - 4.5, width: 9, height: 9, fill: "#fff", stroke: colour,
                        "stroke-width": 2, "data-status": p.status }, group);
        } else {
          svg("circle", { cx: x(p.year), cy: y(p.value), r: 5, fill: "#fff", stroke: colour, "stroke-width": 2,
                          "data-status": p.status || "open" }, group);
        }
      } else {
        svg("circle", { cx: x(p.year), cy: y(p.value), r: 3.5, fill: "#333" }, group);
      }
      function pick() { onPoint(p); }
      group.addEventListener("click", pick);
      group.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") pick(); });
    });
    return root;
  }

  function create(panel, data, actions) {
    function quote(index, picked) {
      var sentence = data.sentences[index];
      var block = element("blockquote", sentence[0], "sentence" + (picked ? " picked" : ""));
      block.appendChild(element("span", sentence[1], "report"));
      return block;
    }

    function goalsAndResults(item) {
      var section = element("section", null, "goals");
      var heading = element("h3", "目标与实际 Goals and results");
      section.appendChild(heading);
      var key = element("div", null, "key");
      ["met", "missed", "open"].forEach(function (status) {
        var entry = element("span", (status === "missed" ? "□ " : "○ ") + data.statusWords[status]);
        entry.style.color = data.statusColours[status];
        key.appendChild(entry);
      });
      key.appendChild(element("span", "—● 实际 result"));
      section.appendChild(key);
      var toggle = element("button", "表格 table", "toggle");
      toggle.type = "button";
      var actionsRow = element("div", null, "actions");
      actionsRow.appendChild(toggle);
      section.appendChild(actionsRow);
      var source = element("div", null, "source");
      var charts = element("div", null, "charts");
      var table = element("table", null, "figures");
      table.hidden = true;
      function show(point) {
        source.replaceChildren();
        point.sentences.forEach(function (index) { source.appendChild(quote(index, true)); });
        source.scrollIntoView({ block: "nearest" });
      }
      var head = element("tr");
      ["指标 indicator", "年 year", "", "数值 figure", "状态 status", ""].forEach(function (name) { head.appendChild(element("th", name)); });
      table.appendChild(head);
      item.charts.forEach(function (series) {
        var box = element("div", null, "chart");
        box.dataset.indicator = series.indicator;
        box.appendChild(element("div", series.name + " · " + (series.measure === "growth" ? "增速 growth " : "") + series.unit, "title"));
        box.appendChild(chart(series, data, show));
        charts.appendChild(box);
        series.points.forEach(function (point) {
          var row = element("tr");
          row.appendChild(element("td", series.name));
          row.appendChild(element("td", point.year));
          row.appendChild(element("td", point.kind === "target" ? "目标" : "实际"));
          row.appendChild(element("td", point.figure));
          row.appendChild(element("td", point.status ? data.statusWords[point.status] : ""));
          var cell = element("td");
          var link = element("button", "原文 source", "source-link");
          link.type = "button";
          link.addEventListener("click", function () { show(point); });
          cell.appendChild(link);
          row.appendChild(cell);
          table.appendChild(row);
        });
      });
      toggle.addEventListener("click", function () {
        table.hidden = !table.hidden;
        charts.hidden = !table.hidden;
        toggle.textContent = table.hidden ? "表格 table" : "图表 charts";
      });
      section.appendChild(charts);
      section.appendChild(table);
      section.appendChild(source);
      return section;
    }

    function show(id, year) {
      var item = data.details[id];
      panel.replaceChildren();
      if (!item) { panel.appendChild(element("p", "—", "hint")); return; }
      panel.appendChild(element("h2", item.label));
      panel.appendChild(element("div", item.class, "class"));
      if (actions.canExpand(id)) {
        var row = element("div", null, "actions");
        var open = actions.isExpanded(id);
        var button = element("button", open ? "收起 collapse" : "展开 expand", open ? "collapse" : "expand");
        button.type = "button";
        button.addEventListener("click", function () { actions.toggle(id); show(id, year); });
        row.appendChild(button);
        panel.appendChild(row);
      }
      var fields = (item.fields || []).slice();
      if (item.counts) {
        var c = item.counts;
        fields.push(["包含 holds", c.places + " 地区 places · " + c.facts + " 目标与实际 facts · " + c.reports +
                     " 报告 reports · " + c.projects + " 项目 projects"]);
      }
      if (fields.length) {
        var table = element("table");
        fields.forEach(function (field) {
          var tr = element("tr");
          tr.appendChild(element("td", field[0]));
          tr.appendChild(element("td", field[1]));
          table.appendChild(tr);
        });
        panel.appendChild(table);
      }
      var lines = item.lines || [];
      var shownLines = year ? lines.filter(function (l) { return String(l.year) === year; }) : lines;
      if (shownLines.length && !(item.fields || []).length) {
        shownLines.forEach(function (l) { panel.appendChild(element("div", l.text)); });
      }
      if (item.charts && item.charts.length) panel.appendChild(goalsAndResults(item));
      if (item.sentences && item.sentences.length) {
        panel.appendChild(element("h3", "原文 Source sentences"));
        item.sentences.forEach(function (index) { panel.appendChild(quote(index, false)); });
      }
    }
    return { show: show };
  }
  return { create: create };
})();
