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

  // Tooltips are built when the mouse first comes over a node or edge (vis-network shows one after its
  // tooltipDelay): building 10,000 of them up front costs the page a second before it draws.
  data.edges.forEach(function (edge, i) { edge.id = "e" + i; });

  // What kg leaves out of a record when it is empty or the same as the first source.
  data.nodes.forEach(function complete(node) {
    var first = (node.sources || [])[0] || {};
    node.sources = node.sources || [];
    node.evidence = node.evidence || first.evidence || "";
    node.document = node.document || first.document || "";
    node.years = node.years || [];
    node.bodies = node.bodies || [];
    node.posts = node.posts || [];
    node.aka = node.aka || [];
  });
  // A large page starts with its edges hidden (below), and vis-network is given them only when they are first
  // needed (zoomed in, or physics on): building thousands of hidden edges would cost the page a sixth of its start.
  var edgesHidden = !!data.options.edges.hidden;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(edgesHidden ? [] : data.edges);
  function loadEdges() { if (!edges.length && data.edges.length) edges.add(data.edges); }
  var container = document.getElementById("mynetwork");
  var status = document.getElementById("kg-status");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kg = { network: network, nodes: nodes, edges: edges, data: data, stable: false, stableAt: null,
                el: el, classFor: classFor };

  network.on("hoverNode", function (params) {
    var node = nodes.get(params.node);
    if (node && !node.title) nodes.update({ id: node.id, title: tooltip(node) });
  });
  network.on("hoverEdge", function (params) {
    var edge = edges.get(params.edge);
    if (edge && !edge.title) edges.update({ id: edge.id, title: edgeTooltip(edge) });
  });
  // A large page draws its thousands of edges only once zoomed in: zoomed out they are a grey haze that costs
  // most of each redraw.
  function edgesForScale() {
    var hide = data.nodes.length > data.edgesZoom.nodes && network.getScale() < data.edgesZoom.scale;
    if (hide !== edgesHidden) {
      edgesHidden = hide;
      if (!hide) loadEdges();
      network.setOptions({ edges: { hidden: hide } });
    }
    document.getElementById("kg-edges-note").hidden = !hide;
  }
  network.once("afterDrawing", function () {
    document.getElementById("kg-edges-note").hidden = !edgesHidden;
    // hidden by the options the page starts with, vis-network still walks every edge on each redraw; hidden
    // again by setOptions, it leaves them out
    if (edgesHidden) network.setOptions({ edges: { hidden: true } });
  });
  network.on("zoom", edgesForScale);
  window.kg.edgesHidden = function () { return edgesHidden; };

  document.getElementById("kg-stats").textContent = data.nodes.length + " 个节点 · " + data.edges.length + " 条关系";

  // The layout comes with the page (computed by kg), so physics is off; the button turns it on to let nodes move.
  var physicsButton = document.getElementById("kg-physics");
  function setPhysics(on) {
    if (on) loadEdges();  // the edges are the springs
    network.setOptions({ physics: { enabled: on } });
    physicsButton.textContent = "物理模拟：" + (on ? "开" : "关");
    physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
  }
  physicsButton.addEventListener("click", function () {
    setPhysics(physicsButton.getAttribute("aria-pressed") !== "true");
  });
  function settled() {
    if (window.kg.stable) return;
    window.kg.stable = true;
    window.kg.stableAt = performance.now();
    status.hidden = true;
    focusOnLoad();
  }
  setPhysics(false);
  network.once("afterDrawing", settled);
  if (!data.nodes.length) { settled(); status.hidden = false; status.textContent = "图中没有节点"; }

  document.getElementById("kg-fit").addEventListener("click", function () { fitShown(); });

  // Legend: one row per class with its shape, colour, name and count; the checkbox filters the class.
  // The target row also shows how achieved, estimated and planned targets are drawn, with their counts.
  var counts = {}, statusCounts = {};
  data.nodes.forEach(function (node) {
    counts[node.kind] = (counts[node.kind] || 0) + 1;
    if (node.status) statusCounts[node.status] = (statusCounts[node.status] || 0) + 1;
  });
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
    if (entry.border) {
      shape.setAttribute("stroke", entry.border);
      shape.setAttribute("stroke-width", "2");
      if (entry.dashed) shape.setAttribute("stroke-dasharray", "3 2");
    }
    svg.appendChild(shape);
    return svg;
  }
  window.kg.swatch = swatch;

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
    if (entry.statuses) {
      var sub = el("ul", "kg-statuses");
      entry.statuses.forEach(function (st) {
        var item = el("li", "kg-status-row");
        item.setAttribute("data-status", st.status);
        item.appendChild(swatch({ shape: "box", color: st.color, border: st.border, dashed: st.dashed }));
        item.appendChild(el("span", "kg-class-name", st.name));
        item.appendChild(el("span", "kg-class-en", st.status));
        item.appendChild(el("span", "kg-class-count", statusCounts[st.status] || 0));
        sub.appendChild(item);
      });
      row.appendChild(sub);
    }
    list.appendChild(row);
  });

  // Years and bodies: on a page of several reports, choose the years and the organization to show. A node is
  // shown if one of its years is chosen (or it has none) and it belongs to the chosen body (or none is chosen).
  var allYears = {}, allBodies = {};
  data.nodes.forEach(function (node) {
    node.years.forEach(function (y) { allYears[y] = true; });
    node.bodies.forEach(function (b) { allBodies[b] = true; });
  });
  var years = Object.keys(allYears).sort(), bodies = Object.keys(allBodies).sort();
  var chosenYears = {}, chosenBody = "";
  years.forEach(function (y) { chosenYears[y] = true; });
  var yearBox = document.getElementById("kg-years");
  if (years.length > 1) {
    yearBox.hidden = false;
    var yearList = document.getElementById("kg-year-list");
    years.forEach(function (y) {
      var label = el("label", "kg-year");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = y;
      box.addEventListener("change", function () { chosenYears[y] = box.checked; applyFilter(); });
      label.appendChild(box);
      label.appendChild(el("span", null, y));
      yearList.appendChild(label);
    });
  }
  var bodyBox = document.getElementById("kg-bodies");
  var bodySelect = document.getElementById("kg-body");
  if (bodies.length > 1) {
    bodyBox.hidden = false;
    bodies.forEach(function (b) {
      var option = el("option", null, b);
      option.value = b;
      bodySelect.appendChild(option);
    });
    bodySelect.addEventListener("change", function () { chosenBody = bodySelect.value; applyFilter(); });
  }

  // The focus of the detail panel: only a node and its neighbours (null: every node).
  window.kg.focusSet = null;

  function legendKind(kind) { return known[kind] ? kind : "other"; }
  function visible(node) {
    if (!shown[legendKind(node.kind)]) return false;
    if (window.kg.focusSet && !window.kg.focusSet[node.id]) return false;
    if (node.years.length && !node.years.some(function (y) { return chosenYears[y]; })) return false;
    if (chosenBody && node.bodies.indexOf(chosenBody) < 0) return false;
    return true;
  }
  function hideTooltip() {  // vis-network keeps its tooltip up until the mouse moves; a hidden node must not keep one
    var handler = network.interactionHandler;
    if (handler && handler.popup) handler.popup.hide();
    if (handler) handler.popupObj = undefined;
  }
  function fitShown() {
    var ids = nodes.getIds({ filter: function (n) { return !n.hidden; } });
    network.fit({ nodes: ids.length ? ids : undefined, animation: false });
  }
  function applyFilter() {
    var updates = [];
    nodes.forEach(function (node) {
      var hidden = !visible(node);
      if (!!node.hidden !== hidden) updates.push({ id: node.id, hidden: hidden });
    });
    nodes.update(updates);
    hideTooltip();
    if (updates.length) fitShown();
    if (window.kg.onFilter) window.kg.onFilter();
  }
  window.kg.applyFilter = applyFilter;
  window.kg.visible = visible;
  function checkAll(on) {
    Array.prototype.forEach.call(list.querySelectorAll("input"), function (box) { box.checked = on; });
    Object.keys(shown).forEach(function (kind) { shown[kind] = on; });
    applyFilter();
  }
  document.getElementById("kg-all").addEventListener("click", function () { checkAll(true); });
  document.getElementById("kg-none").addEventListener("click", function () { checkAll(false); });

  // Search by label (Chinese), alias (工信部 for 工业和信息化部) or pinyin ('lm' or 'liming' for 李明);
  // choosing a result selects and focuses it and opens its panel.
  var index = data.nodes.map(function (node) {
    var py = node.py.split(" ");
    return { id: node.id, label: node.full, kind: node.kind, hay: node.full.toLowerCase(),
             aka: node.aka.map(function (a) { return a.toLowerCase(); }), akaShown: node.aka,
             initials: py[0] || "", spelled: py[1] || "" };
  });
  // 'gxb' (工信部) matches the initials 'gyhxxhb' of 工业和信息化部: its letters in order, gaps allowed.
  function subsequence(short, long) {
    var at = 0;
    for (var i = 0; i < long.length && at < short.length; i++) if (long[i] === short[at]) at++;
    return at === short.length;
  }
  function aliasRank(item, q) {  // [rank, the alias matched]
    for (var i = 0; i < item.aka.length; i++) {
      if (item.aka[i] === q) return [0, item.akaShown[i]];
    }
    for (i = 0; i < item.aka.length; i++) {
      if (item.aka[i].indexOf(q) >= 0) return [2, item.akaShown[i]];
    }
    return null;
  }
  function search(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var ranked = [];
    index.forEach(function (item) {
      var inLabel = item.hay.indexOf(q) >= 0, alias = inLabel ? null : aliasRank(item, q);
      var rank = item.hay === q ? 0 : item.hay.indexOf(q) === 0 ? 1 : inLabel ? 2
        : alias ? alias[0] + 1
        : item.initials.indexOf(q) === 0 ? 4 : item.spelled.indexOf(q) === 0 ? 5
        : item.initials[0] === q[0] && subsequence(q, item.initials) ? 6
        : item.initials.indexOf(q) > 0 ? 7 : -1;
      if (rank >= 0) ranked.push([rank, item.label.length, item.label, item, alias ? alias[1] : ""]);
    });
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return ranked.slice(0, 30).map(function (r) { return { id: r[3].id, label: r[3].label, kind: r[3].kind, alias: r[4] }; });
  }

  function focusNode(id) {
    var node = nodes.get(id);
    if (!node) return;
    var kind = legendKind(node.kind);
    if (!shown[kind]) {
      shown[kind] = true;
      var box = list.querySelector('li[data-kind="' + kind.replace(/"/g, "") + '"] input');
      if (box) box.checked = true;
    }
    if (!visible(node)) {  // a search may find what the filters hide: show it again
      window.kg.focusSet = null;
      node.years.forEach(function (y) { chosenYears[y] = true; });
      Array.prototype.forEach.call(document.querySelectorAll("#kg-year-list input"), function (b) {
        b.checked = !!chosenYears[b.value];
      });
      if (chosenBody && node.bodies.indexOf(chosenBody) < 0) { chosenBody = ""; bodySelect.value = ""; }
    }
    applyFilter();
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
  window.kg.search = search;

  var input = document.getElementById("kg-search-input");
  var results = document.getElementById("kg-results");
  function choose(item) {
    input.value = item.label;
    results.hidden = true;
    focusNode(item.id);
    if (window.kg.openPanel) window.kg.openPanel(item.id);
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
      if (item.alias) row.appendChild(el("span", "kg-result-alias", "又称 " + item.alias));
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
