// kg's page: legend and class filter, search (label or pinyin), tooltips, physics that settles and stops.
// Every text from the report goes into the page with textContent, never as HTML.
(function () {
  "use strict";
  var data = window.kgData;
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var classOf = {};
  data.legend.forEach(function (entry) { classOf[entry.kind] = entry; });
  function classFor(kind) { return classOf[kind] || classOf.other; }

  // The tooltip of a node: its class, its full label, its key facts, the evidence sentence and document.
  function tooltip(node) {
    var box = el("div", "kg-tip");
    var cls = classFor(node.kind);
    box.appendChild(el("div", "kg-tip-kind", cls.name + " · " + node.kind));
    box.appendChild(el("div", "kg-tip-label", node.full));
    if (node.details.length) {
      var facts = el("dl", "kg-tip-facts");
      node.details.forEach(function (pair) {
        facts.appendChild(el("dt", null, data.fields[pair[0]] || pair[0]));
        facts.appendChild(el("dd", null, pair[1]));
      });
      box.appendChild(facts);
    }
    if (node.evidence) {
      box.appendChild(el("div", "kg-tip-head", "原文依据"));
      box.appendChild(el("blockquote", "kg-tip-evidence", node.evidence));
    }
    if (node.document) box.appendChild(el("div", "kg-tip-doc", "文件：" + node.document));
    return box;
  }

  function edgeTooltip(edge) {
    var box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-label", edge.name + (edge.relation !== edge.name ? " (" + edge.relation + ")" : "")));
    return box;
  }

  data.nodes.forEach(function (node) { node.title = tooltip(node); });
  data.edges.forEach(function (edge, i) { edge.id = "e" + i; edge.title = edgeTooltip(edge); });

  // A larger graph lays out only its inner nodes: a leaf (one neighbour) waits hidden, outside the physics,
  // and is placed on a spiral around its neighbour once the rest has settled. Hubs get mass to leave room.
  var leaves = {};
  if (data.leavesLast) {
    var degree = {}, neighbour = {}, leafCount = {};
    data.edges.forEach(function (e) {
      degree[e.from] = (degree[e.from] || 0) + 1;
      degree[e.to] = (degree[e.to] || 0) + 1;
      neighbour[e.from] = e.to;
      neighbour[e.to] = e.from;
    });
    data.nodes.forEach(function (n) {
      if (degree[n.id] === 1 && degree[neighbour[n.id]] > 1) {
        leaves[n.id] = neighbour[n.id];
        leafCount[neighbour[n.id]] = (leafCount[neighbour[n.id]] || 0) + 1;
        n.physics = false;
        n.hidden = true;
      }
    });
    data.nodes.forEach(function (n) { if (leafCount[n.id]) n.mass = 1 + leafCount[n.id] / 4; });
    data.edges.forEach(function (e) { if (leaves[e.from] || leaves[e.to]) e.physics = false; });
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("mynetwork");
  var status = document.getElementById("kg-status");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kg = { network: network, nodes: nodes, edges: edges, stable: false, stableAt: null };

  document.getElementById("kg-stats").textContent = data.nodes.length + " 个节点 · " + data.edges.length + " 条关系";

  // Physics: stabilise once, then switch off so the page stays still; the button turns it back on.
  var physicsButton = document.getElementById("kg-physics");
  function setPhysics(on) {
    network.setOptions({ physics: { enabled: on } });
    physicsButton.textContent = "物理模拟：" + (on ? "开" : "关");
    physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
  }
  physicsButton.addEventListener("click", function () {
    var on = physicsButton.getAttribute("aria-pressed") !== "true";
    if (on) physicsForLeaves();
    setPhysics(on);
  });
  function placeLeaves() {
    var byHub = {};
    Object.keys(leaves).forEach(function (id) { (byHub[leaves[id]] = byHub[leaves[id]] || []).push(id); });
    var hubs = Object.keys(byHub);
    var at = network.getPositions(hubs);
    var updates = [];
    hubs.forEach(function (hub) {
      byHub[hub].forEach(function (id, i) {
        var r = 50 + 24 * Math.sqrt(i), angle = i * 2.39996;  // golden angle: an even spiral
        updates.push({ id: id, x: at[hub].x + r * Math.cos(angle), y: at[hub].y + r * Math.sin(angle),
                       hidden: !shown[legendKind(nodes.get(id).kind)] });
      });
    });
    nodes.update(updates);
  }
  var leavesInPhysics = false;
  function physicsForLeaves() {
    if (leavesInPhysics) return;
    leavesInPhysics = true;
    nodes.update(Object.keys(leaves).map(function (id) { return { id: id, physics: true }; }));
    edges.update(edges.get({ filter: function (e) { return e.physics === false; } })
      .map(function (e) { return { id: e.id, physics: true }; }));
  }
  function settled() {
    setPhysics(false);
    if (Object.keys(leaves).length) {
      placeLeaves();
      network.fit({ animation: false });
    }
    window.kg.stable = true;
    window.kg.stableAt = performance.now();
    status.hidden = true;
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "正在计算布局… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settled);
  if (!data.nodes.length) { settled(); status.hidden = false; status.textContent = "图中没有节点"; }

  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // Legend: one row per class with its shape, colour, name and count; the checkbox filters the class.
  var counts = {};
  data.nodes.forEach(function (node) { counts[node.kind] = (counts[node.kind] || 0) + 1; });
  var known = {};
  data.legend.forEach(function (entry) { known[entry.kind] = true; });
  Object.keys(counts).forEach(function (kind) {
    if (!known[kind]) counts.other = (counts.other || 0) + counts[kind];
  });

  function swatch(entry) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    var shapes = {
      dot: ["circle", { cx: 10, cy: 10, r: 7 }],
      square: ["rect", { x: 3, y: 3, width: 14, height: 14 }],
      box: ["rect", { x: 1, y: 5, width: 18, height: 10, rx: 3 }],
      database: ["rect", { x: 3, y: 2, width: 14, height: 16, rx: 5 }],
      ellipse: ["ellipse", { cx: 10, cy: 10, rx: 9, ry: 6 }],
      diamond: ["polygon", { points: "10,1 19,10 10,19 1,10" }],
      triangle: ["polygon", { points: "10,2 18,17 2,17" }],
      triangleDown: ["polygon", { points: "2,3 18,3 10,18" }],
      hexagon: ["polygon", { points: "10,1 18,5.5 18,14.5 10,19 2,14.5 2,5.5" }],
      star: ["polygon", { points: "10,1 12.6,7 19,7.5 14,11.8 15.6,18.5 10,15 4.4,18.5 6,11.8 1,7.5 7.4,7" }]
    };
    var spec = shapes[entry.shape] || shapes.dot;
    var shape = document.createElementNS(SVG, spec[0]);
    Object.keys(spec[1]).forEach(function (k) { shape.setAttribute(k, String(spec[1][k])); });
    shape.setAttribute("fill", entry.color);
    svg.appendChild(shape);
    return svg;
  }

  var shown = {};
  var list = document.getElementById("kg-legend-list");
  data.legend.forEach(function (entry) {
    if (entry.kind === "other" && !counts.other) return;
    shown[entry.kind] = true;
    var row = el("li", counts[entry.kind] ? "kg-class" : "kg-class kg-empty");
    row.setAttribute("data-kind", entry.kind);
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { shown[entry.kind] = box.checked; applyFilter(); });
    label.appendChild(box);
    label.appendChild(swatch(entry));
    label.appendChild(el("span", "kg-class-name", entry.name));
    label.appendChild(el("span", "kg-class-en", entry.kind));
    label.appendChild(el("span", "kg-class-count", counts[entry.kind] || 0));
    row.appendChild(label);
    list.appendChild(row);
  });

  function legendKind(kind) { return known[kind] ? kind : "other"; }
  function applyFilter() {
    var updates = [];
    nodes.forEach(function (node) {
      if (leaves[node.id] && !window.kg.stable) return;  // still waiting to be placed
      var hidden = !shown[legendKind(node.kind)];
      if (!!node.hidden !== hidden) updates.push({ id: node.id, hidden: hidden });
    });
    nodes.update(updates);
  }
  function checkAll(on) {
    Array.prototype.forEach.call(list.querySelectorAll("input"), function (box) { box.checked = on; });
    Object.keys(shown).forEach(function (kind) { shown[kind] = on; });
    applyFilter();
  }
  document.getElementById("kg-all").addEventListener("click", function () { checkAll(true); });
  document.getElementById("kg-none").addEventListener("click", function () { checkAll(false); });

  // Search by label (Chinese) or pinyin ('lm' or 'liming' for 李明); choosing a result selects and focuses it.
  var index = data.nodes.map(function (node) {
    var py = node.py.split(" ");
    return { id: node.id, label: node.full, kind: node.kind, hay: node.full.toLowerCase(),
             initials: py[0] || "", spelled: py[1] || "" };
  });
  // 'gxb' (工信部) matches the initials 'gyhxxhb' of 工业和信息化部: its letters in order, gaps allowed.
  function subsequence(short, long) {
    var at = 0;
    for (var i = 0; i < long.length && at < short.length; i++) if (long[i] === short[at]) at++;
    return at === short.length;
  }
  function search(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var ranked = [];
    index.forEach(function (item) {
      var rank = item.hay === q ? 0 : item.hay.indexOf(q) === 0 ? 1 : item.hay.indexOf(q) > 0 ? 2
        : item.initials.indexOf(q) === 0 ? 3 : item.spelled.indexOf(q) === 0 ? 4
        : item.initials[0] === q[0] && subsequence(q, item.initials) ? 5
        : item.initials.indexOf(q) > 0 ? 6 : -1;
      if (rank >= 0) ranked.push([rank, item.label.length, item.label, item]);
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return ranked.slice(0, 30).map(function (r) { return r[3]; });
  }

  function focusNode(id) {
    var node = nodes.get(id);
    if (!node) return;
    var kind = legendKind(node.kind);
    if (!shown[kind]) {
      shown[kind] = true;
      var box = list.querySelector('li[data-kind="' + kind.replace(/"/g, "") + '"] input');
      if (box) box.checked = true;
      applyFilter();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    window.kg.selected = id;
  }
  window.kg.focusNode = focusNode;
  function focusOnLoad() {  // `kg viz --focus`: the node(s) the page was made around
    if (!data.focus.length) return;
    focusNode(data.focus[0]);
    network.selectNodes(data.focus);
  }
  if (window.kg.stable) focusOnLoad(); else network.once("stabilizationIterationsDone", focusOnLoad);
  window.kg.search = search;

  var input = document.getElementById("kg-search-input");
  var results = document.getElementById("kg-results");
  function choose(item) {
    input.value = item.label;
    results.hidden = true;
    focusNode(item.id);
  }
  var shownResults = [], active = 0;  // the results listed, and the one Enter picks (arrow keys move it)
  function markActive() {
    Array.prototype.forEach.call(results.children, function (row, i) {
      row.classList.toggle("kg-active", i === active && shownResults.length > 0);
      row.setAttribute("aria-selected", i === active ? "true" : "false");
    });
  }
  function showResults() {
    shownResults = search(input.value);
    active = 0;
    results.textContent = "";
    shownResults.forEach(function (item) {
      var row = el("li", "kg-result");
      row.setAttribute("role", "option");
      row.appendChild(swatch(classFor(item.kind)));
      row.appendChild(el("span", "kg-result-label", item.label));
      row.appendChild(el("span", "kg-result-kind", classFor(item.kind).name));
      row.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
      results.appendChild(row);
    });
    if (input.value.trim() && !shownResults.length) results.appendChild(el("li", "kg-result kg-none", "没有匹配的节点"));
    results.hidden = !input.value.trim();
    markActive();
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      if (results.hidden || !shownResults.length) showResults();
      if (shownResults.length) choose(shownResults[active]);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!shownResults.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : shownResults.length - 1)) % shownResults.length;
      markActive();
      results.children[active].scrollIntoView({ block: "nearest" });
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });
  input.addEventListener("blur", function () { results.hidden = true; });
})();
