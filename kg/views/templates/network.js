// govkg network view: the overview of places, expand and collapse, labels that never collide, search.
// All report text is put on screen with textContent or drawn on the canvas, never as markup.
(function () {
  "use strict";
  // the data is gzipped JSON in base64 (kg/viz.py: _packed_json), unpacked by the browser itself
  function unpack(text) {
    var bytes = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
  if (typeof DecompressionStream === "undefined") {
    document.getElementById("panel").textContent =
      "这个浏览器无法打开图谱数据 · This browser cannot unpack the graph (it needs DecompressionStream: Chrome 80, Firefox 113, Safari 16.4 or later).";
    return;
  }
  unpack(document.getElementById("graph-data").textContent.trim()).then(start).catch(function (error) {
    document.getElementById("status").textContent = "图谱未能打开 the graph could not be opened: " + error;
    throw error;
  });

  function start(data) {
    var details = data.details;
    var LABEL_FONT = 13, LABEL_GAP = 2, MAX_LABELS = 600;

    // headings and tooltips from what the page already holds (the data carries no copy of them):
    // 保定市 · 地区 Place, and 保定市 目标 hasTarget 地区生产总值
    var byId = {};
    data.nodes.forEach(function (node) {
      byId[node.id] = node;
      var item = details[node.id];
      item.label = node.name;
      node.title = node.name + " · " + item.class;
      if (item.counts) {
        var c = item.counts;
        node.title += "\n" + c.places + " 地区 places · " + c.facts + " 目标与实际 facts · " + c.reports +
          " 报告 reports · " + c.projects + " 项目 projects\n双击展开或收起 double-click to expand or collapse";
      }
    });
    data.edges.forEach(function (edge) {
      var item = details[edge.id];
      item.label = byId[edge.from].name + " " + item.class + " " + byId[edge.to].name;
      edge.title = item.label;
    });
    var neighbours = {};
    data.nodes.forEach(function (node) { neighbours[node.id] = []; });
    data.edges.forEach(function (edge) {   // a target and an outcome join the same two nodes: count them once
      if (neighbours[edge.from].indexOf(edge.to) < 0) neighbours[edge.from].push(edge.to);
      if (neighbours[edge.to].indexOf(edge.from) < 0) neighbours[edge.to].push(edge.from);
    });
    var hasPlaces = data.nodes.some(function (node) { return node.depth !== undefined; });
    var children = {};
    data.nodes.forEach(function (node) {
      if (node.parent !== undefined) (children[node.parent] = children[node.parent] || []).push(node.id);
    });

    // --- what is shown: the overview, and what the user expanded ----------------------------
    // open: places whose child places are shown; expanded: nodes whose whole neighbourhood is;
    // revealed: nodes search brought out from inside a folded place.
    var state = { classes: new Set(data.legend.map(function (c) { return c.group; })), place: "", year: "" };
    var open = new Set(), expanded = new Set(), revealed = new Set();
    function overview() {
      open.clear(); expanded.clear(); revealed.clear();
      data.nodes.forEach(function (node) { if (node.depth !== undefined && node.depth < data.openDepth) open.add(node.id); });
      // what a filter named (kg viz --place 河北省, --indicator GDP) opens with its neighbourhood
      data.focus.forEach(function (id) { open.add(id); expanded.add(id); revealed.add(id); });
    }
    overview();
    var shown = new Set();
    function computeShown() {
      shown = new Set();
      var placeShown = {};
      function isPlaceShown(id) {
        if (placeShown[id] !== undefined) return placeShown[id];
        var node = byId[id];
        placeShown[id] = false;   // a guard against a loop in the hierarchy
        var result = node.parent === undefined || byId[node.parent] === undefined ||
          ((open.has(node.parent) || expanded.has(node.parent)) && isPlaceShown(node.parent));
        placeShown[id] = result;
        return result;
      }
      // a node tied to no place (an area only other entities lie in) waits for search, unless there are no
      // places at all (a view of indicators alone)
      data.nodes.forEach(function (node) {
        if (node.depth !== undefined ? isPlaceShown(node.id) : node.home === undefined && !hasPlaces) shown.add(node.id);
      });
      revealed.forEach(function (id) { shown.add(id); });
      // a neighbourhood opens outwards from shown nodes only, until nothing changes (片区 → 项目)
      var changed = true;
      while (changed) {
        changed = false;
        expanded.forEach(function (id) {
          if (!shown.has(id)) return;
          neighbours[id].forEach(function (other) { if (!shown.has(other)) { shown.add(other); changed = true; } });
        });
      }
    }
    function hiddenAround(id) {
      return neighbours[id].filter(function (other) { return !shown.has(other); }).length;
    }

    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    function passesFilters(node) {
      if (!state.classes.has(node.group)) return false;
      if (state.place && node.places.indexOf(state.place) < 0) return false;
      return true;
    }
    var nodeView = new vis.DataView(nodes, { filter: function (node) { return shown.has(node.id) && passesFilters(node); } });
    function nodeVisible(id) { return nodeView.get(id) !== null; }
    var edgeView = new vis.DataView(edges, {
      filter: function (edge) {
        if (!nodeVisible(edge.from) || !nodeVisible(edge.to)) return false;
        if (edge.kind !== "locatedIn") {
          // a goal or a result shows with the node it was opened from: 保定市 opened draws 保定市's
          // figures, not every other shown place's link to the same 地区生产总值
          if (!expanded.has(edge.from) && !expanded.has(edge.to)) return false;
          if (state.year && edge.years.indexOf(Number(state.year)) < 0) return false;
          if (state.place && edge.places.indexOf(state.place) < 0) return false;
        }
        return true;
      }
    });

    var container = document.getElementById("network");
    computeShown();
    var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);

    // nodes an expansion brings out are set on a fan beside the node that brought them, facing away from
    // its places
    function fan(x, y, outward, index) {
      var ring = 0, slot = index, capacity, radius;
      for (;;) {
        radius = 70 * (ring + 1);
        capacity = Math.max(5, Math.floor(Math.PI * radius / 40));   // kg/layout.py's FAN_SPACING
        if (slot < capacity) break;
        slot -= capacity; ring += 1;
      }
      var offset = Math.floor((slot + 1) / 2) * (slot % 2 ? 1 : -1) * (Math.PI / capacity);
      return { x: x + radius * Math.cos(outward + offset), y: y + radius * Math.sin(outward + offset) };
    }
    function placeAround(id, newcomers) {
      var centre = network.getPositions([id])[id] || { x: byId[id].x, y: byId[id].y };
      var outward = (centre.x || centre.y) ? Math.atan2(centre.y, centre.x) : 0;
      // a place with places inside it has them on the outer side: its own nodes go on the inner side
      // (河北省's indicators between it and the country, not over 保定市 and 石家庄市)
      if (children[id] && (centre.x || centre.y)) outward += Math.PI;
      var moves = newcomers.filter(function (other) { return byId[other].depth === undefined; })
        .map(function (other, index) { var p = fan(centre.x, centre.y, outward, index); return { id: other, x: p.x, y: p.y }; });
      if (moves.length) nodes.update(moves);
    }
    function expand(id) {
      var before = new Set(shown);
      expanded.add(id); open.add(id);
      computeShown();
      placeAround(id, Array.from(shown).filter(function (other) { return !before.has(other); }));
      refresh();
    }
    function collapse(id) {
      // the node and every place in its branch fold back, and what only they showed goes
      var branch = [id];
      for (var i = 0; i < branch.length; i++) (children[branch[i]] || []).forEach(function (c) { branch.push(c); });
      branch.forEach(function (member) { open.delete(member); expanded.delete(member); revealed.delete(member); });
      for (;;) {
        computeShown();
        var gone = Array.from(expanded).concat(Array.from(revealed)).filter(function (member) { return !shown.has(member); });
        if (!gone.length) break;
        gone.forEach(function (member) { expanded.delete(member); revealed.delete(member); });
      }
      refresh();
    }
    function isExpanded(id) { return expanded.has(id); }
    function toggle(id) { if (expanded.has(id)) collapse(id); else expand(id); }
    function canExpand(id) { return byId[id] !== undefined && (expanded.has(id) || hiddenAround(id) > 0); }

    // --- labels: drawn by the page, most important first, only where they fit --------------------
    var measurer = document.createElement("canvas").getContext("2d");
    var fontFace = LABEL_FONT + "px 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";
    measurer.font = fontFace;
    var widths = {};
    function textWidth(text) {
      if (widths[text] === undefined) widths[text] = measurer.measureText(text).width;
      return widths[text];
    }
    var hovered = null, drawn = [];
    function labelText(id) {
      var hidden = hiddenAround(id);
      return byId[id].name + (hidden && !expanded.has(id) ? " +" + hidden : "");
    }
    // labels: what the user opened first, then what opening it brought out, then the places from the top down
    function labelRank(a, b) {
      var ta = expanded.has(a) ? 0 : byId[a].depth === undefined ? 1 : 2;
      var tb = expanded.has(b) ? 0 : byId[b].depth === undefined ? 1 : 2;
      return ta !== tb ? ta - tb : rank(a, b);
    }
    function rank(a, b) {
      var na = byId[a], nb = byId[b];
      var da = na.depth === undefined ? 99 : na.depth, db = nb.depth === undefined ? 99 : nb.depth;
      if (da !== db) return da - db;
      if (na.size !== nb.size) return nb.size - na.size;
      return na.name < nb.name ? -1 : na.name > nb.name ? 1 : 0;
    }
    var ranked = [];
    function rerank() { ranked = nodeView.getIds().sort(labelRank); }
    // Greedy placement on a grid of buckets: a label goes in only if its box meets no box already placed
    // and lies wholly inside the canvas (a cut 保定… at the edge is worse than none).
    function placeLabels() {
      var width = container.clientWidth, height = container.clientHeight;
      var scale = network.getScale();
      var first = network.getSelectedNodes().concat(hovered ? [hovered] : []);
      var order = first.concat(ranked.filter(function (id) { return first.indexOf(id) < 0; }));
      var positions = network.getPositions(order);
      var grid = {}, cell = 64, placed = [];
      function cells(box, visit) {
        for (var gx = Math.floor(box.left / cell); gx <= Math.floor(box.right / cell); gx++)
          for (var gy = Math.floor(box.top / cell); gy <= Math.floor(box.bottom / cell); gy++)
            if (visit(gx + ":" + gy) === false) return false;
        return true;
      }
      for (var i = 0; i < order.length && placed.length < MAX_LABELS; i++) {
        var id = order[i], position = positions[id];
        if (!position) continue;
        var dom = network.canvasToDOM(position);
        var text = labelText(id), w = textWidth(text) + 4, h = LABEL_FONT + 4;
        var top = dom.y + byId[id].size * scale + LABEL_GAP;
        var box = { id: id, text: text, left: dom.x - w / 2, right: dom.x + w / 2, top: top, bottom: top + h };
        if (box.left < 0 || box.top < 0 || box.right > width || box.bottom > height) continue;
        var free = cells(box, function (key) {
          return !(grid[key] || []).some(function (other) {
            return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
          });
        });
        if (!free) continue;
        cells(box, function (key) { (grid[key] = grid[key] || []).push(box); });
        placed.push(box);
      }
      return placed;
    }
    network.on("afterDrawing", function (context) {
      drawn = placeLabels();
      var ratio = network.canvas && network.canvas.pixelRatio ? network.canvas.pixelRatio : (window.devicePixelRatio || 1);
      context.save();
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.font = fontFace;
      context.textAlign = "center";
      context.textBaseline = "top";
      context.lineJoin = "round";
      drawn.forEach(function (box) {
        var x = (box.left + box.right) / 2, y = box.top + 2;
        context.lineWidth = 3;
        context.strokeStyle = "rgba(255,255,255,0.9)";
        context.strokeText(box.text, x, y);
        context.fillStyle = box.id === hovered ? "#000" : "#263238";
        context.fillText(box.text, x, y);
      });
      context.restore();
    });
    network.on("hoverNode", function (params) { hovered = params.node; network.redraw(); });
    network.on("blurNode", function () { hovered = null; network.redraw(); });

    // --- side panel ------------------------------------------------------------------------
    var panel = GovkgPanel.create(document.getElementById("panel"), data,
                                  { canExpand: canExpand, isExpanded: isExpanded, toggle: toggle });
    function showDetails(id) { panel.show(id, state.year); }
    network.on("click", function (params) {
      if (params.nodes.length) showDetails(params.nodes[0]);
      else if (params.edges.length) showDetails(params.edges[0]);
    });
    network.on("doubleClick", function (params) {
      if (params.nodes.length) { toggle(params.nodes[0]); showDetails(params.nodes[0]); }
    });

    // --- search: every node, even inside a folded place; arrows move through the results --------
    var search = document.getElementById("search");
    var results = document.getElementById("results");
    var status = document.getElementById("status");
    var matches = [], active = -1;
    function matching(query) {
      query = query.trim();
      if (!query) return [];
      var exact = [], starts = [], contains = [];
      data.nodes.forEach(function (node) {
        if (!passesFilters(node)) return;
        var name = node.name;
        if (name === query || details[node.id].iri === query) exact.push(node);
        else if (name.indexOf(query) === 0) starts.push(node);
        else if (name.indexOf(query) >= 0) contains.push(node);
      });
      function byDepth(a, b) { return rank(a.id, b.id); }
      return exact.sort(byDepth).concat(starts.sort(byDepth), contains.sort(byDepth)).slice(0, 12);
    }
    function listResults() {
      matches = matching(search.value);
      active = matches.length ? 0 : -1;
      results.replaceChildren();
      matches.forEach(function (node, index) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = "result-" + index;
        var name = document.createElement("span");
        name.textContent = node.name;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = details[node.id].class;
        item.appendChild(name);
        item.appendChild(kind);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
        results.appendChild(item);
      });
      results.hidden = !matches.length;
      search.setAttribute("aria-expanded", String(!results.hidden));
      mark();
      status.textContent = matches.length || !search.value.trim() ? "" : "未找到 not found";
    }
    function mark() {
      Array.prototype.forEach.call(results.children, function (item, index) {
        item.setAttribute("aria-selected", String(index === active));
        if (index === active) item.scrollIntoView({ block: "nearest" });
      });
      if (active >= 0) search.setAttribute("aria-activedescendant", "result-" + active);
      else search.removeAttribute("aria-activedescendant");
    }
    function reveal(id) {
      // open the places it lies in, bring it out, and open its neighbourhood
      var node = byId[id], chain = [];
      var anchor = node.depth !== undefined ? node.parent : node.home;
      while (anchor !== undefined && byId[anchor] && chain.indexOf(anchor) < 0) {
        chain.push(anchor);
        anchor = byId[anchor].depth !== undefined ? byId[anchor].parent : byId[anchor].home;
      }
      chain.forEach(function (member) { if (byId[member].depth !== undefined) open.add(member); });
      computeShown();
      if (!shown.has(id)) {
        revealed.add(id);
        var home = node.depth === undefined ? node.home : undefined;
        if (home !== undefined && shown.has(home)) placeAround(home, [id]);
      }
      expand(id);
    }
    function focusOn(id) {
      if (!shown.has(id) || !expanded.has(id)) reveal(id);
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
      showDetails(id);
    }
    function choose(index) {
      var node = matches[index];
      results.hidden = true;
      search.setAttribute("aria-expanded", "false");
      if (node) focusOn(node.id);
    }
    function select(query) {
      var found = matching(query);
      status.textContent = found.length || !query.trim() ? "" : "未找到 not found";
      if (!found.length) return null;
      focusOn(found[0].id);
      return found[0].id;
    }
    search.addEventListener("input", listResults);
    search.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (results.hidden) listResults();
        if (matches.length) active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
        mark();
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (results.hidden || !matches.length) listResults();
        if (matches.length) choose(Math.max(active, 0));
        event.preventDefault();
      } else if (event.key === "Escape") {
        results.hidden = true;
        search.setAttribute("aria-expanded", "false");
      }
    });
    search.addEventListener("blur", function () { results.hidden = true; });

    // --- filters and legend ------------------------------------------------------------------
    var SHAPES = {   // the shapes vis-network draws, as SVG for the legend
      dot: '<circle cx="8" cy="8" r="6"/>',
      diamond: '<polygon points="8,1 15,8 8,15 1,8"/>',
      square: '<rect x="2" y="2" width="12" height="12"/>',
      triangle: '<polygon points="8,1 15,14 1,14"/>',
      triangleDown: '<polygon points="1,2 15,2 8,15"/>',
      star: '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
      hexagon: '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>'
    };
    var classes = document.getElementById("classes");
    data.legend.forEach(function (entry) {
      var label = document.createElement("label");
      label.className = "row";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = entry.group;
      box.addEventListener("change", function () {
        if (box.checked) state.classes.add(entry.group); else state.classes.delete(entry.group);
        refresh();
      });
      label.appendChild(box);
      var shape = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      shape.setAttribute("width", "16");
      shape.setAttribute("height", "16");
      shape.setAttribute("viewBox", "0 0 16 16");
      shape.setAttribute("data-shape", entry.shape);
      shape.innerHTML = SHAPES[entry.shape] || SHAPES.dot;   // our constant markup, no report text
      shape.setAttribute("fill", entry.color);
      label.appendChild(shape);
      label.appendChild(document.createTextNode(entry.label));
      classes.appendChild(label);
    });
    var edgeLegend = document.getElementById("edge-legend");
    data.edgeLegend.forEach(function (entry) {
      var row = document.createElement("div");
      row.className = "row";
      var line = document.createElement("span");
      line.className = "line" + (entry.dashed ? " dashed" : "");
      line.style.borderTopColor = entry.color;
      row.appendChild(line);
      row.appendChild(document.createTextNode(entry.label));
      edgeLegend.appendChild(row);
    });
    var placeSelect = document.getElementById("place");
    data.places.forEach(function (place) {
      var option = document.createElement("option");
      option.textContent = place.label;
      option.value = place.id;
      placeSelect.appendChild(option);
    });
    placeSelect.addEventListener("change", function () {
      state.place = placeSelect.value;
      if (state.place) { reveal(state.place); network.fit({ animation: false }); } else refresh();
    });
    var yearSelect = document.getElementById("year");
    data.years.forEach(function (year) {
      var option = document.createElement("option");
      option.textContent = String(year);
      option.value = String(year);
      yearSelect.appendChild(option);
    });
    yearSelect.addEventListener("change", function () { state.year = yearSelect.value; relabel(); refresh(); });
    document.getElementById("overview").addEventListener("click", function () {
      overview();
      refresh();
      network.fit({ animation: false });
    });

    var edgeLabels = document.getElementById("edge-labels");
    function relabel() {
      edges.update(edges.get().filter(function (e) { return e.kind !== "locatedIn"; }).map(function (e) {
        var lines = details[e.id].lines.filter(function (l) { return !state.year || String(l.year) === state.year; });
        return { id: e.id, label: edgeLabels.checked ? lines.map(function (l) { return l.text; }).join("\n") : undefined };
      }));
    }
    edgeLabels.addEventListener("change", function () {
      relabel();
      network.setOptions({ edges: { font: { size: edgeLabels.checked ? 10 : 0 } } });
    });
    var counts = document.getElementById("counts");
    function refresh() {
      computeShown();
      nodeView.refresh();
      edgeView.refresh();
      rerank();
      counts.textContent = nodeView.length + " / " + data.nodes.length + " nodes · " + edgeView.length + " edges";
      network.redraw();
    }

    var ready = false;
    refresh();
    network.fit({ animation: false });
    network.once("afterDrawing", function () { ready = true; });
    network.redraw();
    window.govkg = {
      data: data, network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
      select: select, showDetails: showDetails, expand: expand, collapse: collapse, reveal: reveal,
      isExpanded: isExpanded, labelBoxes: function () { return drawn.slice(); },
      isReady: function () { return ready; }
    };
  }
})();
