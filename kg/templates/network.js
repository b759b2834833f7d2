// govkg network view. All report text is put on screen with textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var details = data.details;

  var state = { classes: new Set(data.legend.map(function (c) { return c.group; })), place: "", year: "" };

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, {
    filter: function (node) {
      if (!state.classes.has(node.group)) return false;
      if (state.place && node.places.indexOf(state.place) < 0) return false;
      return true;
    }
  });
  function nodeVisible(id) { return nodeView.get(id) !== null; }
  var edgeView = new vis.DataView(edges, {
    filter: function (edge) {
      if (!nodeVisible(edge.from) || !nodeVisible(edge.to)) return false;
      if (edge.kind !== "locatedIn") {
        if (state.year && edge.years.indexOf(Number(state.year)) < 0) return false;
        if (state.place && edge.places.indexOf(state.place) < 0) return false;
      }
      return true;
    }
  });

  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var ready = false;
  network.once("afterDrawing", function () { ready = true; });

  // --- side panel ------------------------------------------------------------------
  var panel = document.getElementById("panel");
  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function showDetails(id) {
    var item = details[id];
    panel.replaceChildren();
    if (!item) { panel.appendChild(element("p", "—", "hint")); return; }
    panel.appendChild(element("h2", item.label));
    panel.appendChild(element("div", item.class, "class"));
    var lines = item.lines || [];
    var shownLines = state.year ? lines.filter(function (l) { return String(l.year) === state.year; }) : lines;
    if (item.fields && item.fields.length) {
      var table = element("table");
      item.fields.forEach(function (field) {
        var row = element("tr");
        row.appendChild(element("td", field[0]));
        row.appendChild(element("td", field[1]));
        table.appendChild(row);
      });
      panel.appendChild(table);
    }
    if (shownLines.length && !item.fields.length) {
      shownLines.forEach(function (l) { panel.appendChild(element("div", l.text)); });
    }
    if (item.sentences && item.sentences.length) {
      panel.appendChild(element("h3", "原文 Source sentences"));
      item.sentences.forEach(function (sentence) {
        var quote = element("blockquote", sentence.text, "sentence");
        quote.appendChild(element("span", sentence.report, "report"));
        panel.appendChild(quote);
      });
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) showDetails(params.nodes[0]);
    else if (params.edges.length) showDetails(params.edges[0]);
  });

  // --- search ----------------------------------------------------------------------
  var search = document.getElementById("search");
  var status = document.getElementById("status");
  function find(query) {
    query = query.trim();
    if (!query) return null;
    var visible = nodeView.get();
    var exact = visible.filter(function (n) { return n.label === query; });
    if (exact.length) return exact[0];
    var starts = visible.filter(function (n) { return n.label.indexOf(query) === 0; });
    if (starts.length) return starts[0];
    var contains = visible.filter(function (n) { return n.label.indexOf(query) >= 0; });
    return contains.length ? contains[0] : null;
  }
  function select(query) {
    var node = find(query);
    status.textContent = node || !query.trim() ? "" : "未找到 not found";
    if (!node) return null;
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: 1.3, animation: false });
    showDetails(node.id);
    return node.id;
  }
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") select(search.value); });
  search.addEventListener("change", function () { select(search.value); });

  // --- filters and legend ------------------------------------------------------------
  var classes = document.getElementById("classes");
  data.legend.forEach(function (entry) {
    var label = element("label");
    var box = element("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = entry.group;
    box.addEventListener("change", function () {
      if (box.checked) state.classes.add(entry.group); else state.classes.delete(entry.group);
      refresh();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + entry.label));
    classes.appendChild(label);
  });
  var placeSelect = document.getElementById("place");
  data.places.forEach(function (place) {
    var option = element("option", place.label);
    option.value = place.id;
    placeSelect.appendChild(option);
  });
  placeSelect.addEventListener("change", function () { state.place = placeSelect.value; refresh(); });
  var yearSelect = document.getElementById("year");
  data.years.forEach(function (year) {
    var option = element("option", year);
    option.value = String(year);
    yearSelect.appendChild(option);
  });
  yearSelect.addEventListener("change", function () { state.year = yearSelect.value; relabel(); refresh(); });

  function relabel() {
    edges.update(edges.get().filter(function (e) { return e.kind !== "locatedIn"; }).map(function (e) {
      var lines = details[e.id].lines.filter(function (l) { return !state.year || String(l.year) === state.year; });
      return { id: e.id, label: lines.map(function (l) { return l.text; }).join("\n") };
    }));
  }
  var edgeLabels = document.getElementById("edge-labels");
  edgeLabels.checked = data.options.edges.font.size > 0;
  edgeLabels.addEventListener("change", function () {
    network.setOptions({ edges: { font: { size: edgeLabels.checked ? 10 : 0 } } });
  });
  var counts = document.getElementById("counts");
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    counts.textContent = nodeView.length + " nodes · " + edgeView.length + " edges";
  }

  var legend = document.getElementById("legend");
  data.legend.forEach(function (entry) {
    var row = element("div");
    var swatch = element("span", null, "swatch");
    swatch.style.background = entry.color;
    swatch.style.borderRadius = entry.shape === "dot" ? "50%" : "0";
    if (entry.shape === "diamond") swatch.style.transform = "rotate(45deg) scale(0.8)";
    row.appendChild(swatch);
    row.appendChild(element("span", entry.label));
    legend.appendChild(row);
  });
  data.edgeLegend.forEach(function (entry) {
    var row = element("div");
    var line = element("span", null, "line" + (entry.dashed ? " dashed" : ""));
    line.style.borderTopColor = entry.color;
    row.appendChild(line);
    row.appendChild(element("span", entry.label));
    legend.appendChild(row);
  });

  refresh();
  window.govkg = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    select: select, showDetails: showDetails, isReady: function () { return ready; }
  };
})();
