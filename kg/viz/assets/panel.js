// kg's detail panel: a click on a node lists every fact of it, the sentences it was read from in every report (with
// the report and its date), a person's posts by year, an indicator's values over the years as a small chart, and
// its neighbours (highlighted on the canvas). "只看相邻" shows only the node and its neighbours; "返回" goes back.
// Every text from the report goes into the page with textContent, never as HTML.
(function () {
  "use strict";
  var kg = window.kg, data = kg.data, el = kg.el, network = kg.network, nodes = kg.nodes;
  var SVG = "http://www.w3.org/2000/svg";
  var panel = document.getElementById("kg-panel");
  var body = document.getElementById("kg-panel-body");
  var back = document.getElementById("kg-back");
  var focusButton = document.getElementById("kg-focus");
  var history = [];  // what "返回" restores: [{open: id or null, focus: id or null}]
  var current = { open: null, focus: null };

  var neighbours = {};  // id → [[neighbour id, relation name, direction]]
  data.edges.forEach(function (e) {
    (neighbours[e.from] = neighbours[e.from] || []).push([e.to, e.name, "→"]);
    (neighbours[e.to] = neighbours[e.to] || []).push([e.from, e.name, "←"]);
  });
  var series = {};  // a target's metric|scope|unit → its targets, for the chart over the years
  data.nodes.forEach(function (n) { if (n.series) (series[n.series] = series[n.series] || []).push(n); });

  function section(title) {
    var box = el("section", "kg-panel-section");
    box.appendChild(el("h3", null, title));
    body.appendChild(box);
    return box;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  // The values of one indicator over the years: results (achieved, estimated) filled and joined by a solid line,
  // goals (planned) hollow and joined by a dashed one; a decrease is drawn below zero; the node's own value ringed.
  function chart(node) {
    var points = (series[node.series] || []).map(function (n) {
      var value = parseFloat(detail(n, "value"));
      if (detail(n, "change").indexOf("decrease") >= 0) value = -value;
      return { id: n.id, year: parseInt(detail(n, "period"), 10), value: value, status: n.status || "" };
    }).filter(function (p) { return isFinite(p.value) && isFinite(p.year); });
    if (points.length < 2) return null;
    points.sort(function (a, b) { return a.year - b.year || a.value - b.value; });
    var W = 300, H = 140, L = 36, R = 10, T = 12, B = 24;
    var x0 = points[0].year, x1 = points[points.length - 1].year;
    var vs = points.map(function (p) { return p.value; }).concat([0]);
    var y0 = Math.min.apply(null, vs), y1 = Math.max.apply(null, vs);
    if (y1 === y0) y1 = y0 + 1;
    function X(year) { return x1 === x0 ? L + (W - L - R) / 2 : L + (year - x0) * (W - L - R) / (x1 - x0); }
    function Y(v) { return T + (y1 - v) * (H - T - B) / (y1 - y0); }
    var box = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, "class": "kg-chart",
                           role: "img", "aria-label": "历年数值" });
    box.appendChild(svg("line", { x1: L, x2: W - R, y1: Y(0), y2: Y(0), stroke: "#bbb" }));
    [y0, y1].forEach(function (v) {
      var t = svg("text", { x: L - 4, y: Y(v) + 4, "text-anchor": "end", "font-size": 10, fill: "#666" });
      t.textContent = String(Math.round(v * 10) / 10);
      box.appendChild(t);
    });
    for (var year = x0; year <= x1; year++) {
      var t = svg("text", { x: X(year), y: H - 6, "text-anchor": "middle", "font-size": 10, fill: "#666" });
      t.textContent = String(year);
      box.appendChild(t);
    }
    [["result", function (p) { return p.status !== "planned"; }, ""], ["goal", function (p) { return p.status === "planned"; }, "4 3"]]
      .forEach(function (kind) {
        var line = points.filter(kind[1]);
        if (line.length < 2) return;
        var path = line.map(function (p, i) { return (i ? "L" : "M") + X(p.year).toFixed(1) + " " + Y(p.value).toFixed(1); });
        var attrs = { d: path.join(" "), fill: "none", stroke: kind[0] === "goal" ? "#0b7a75" : "#b07d00", "stroke-width": 1.5,
                      "class": "kg-chart-" + kind[0] };
        if (kind[2]) attrs["stroke-dasharray"] = kind[2];
        box.appendChild(svg("path", attrs));
      });
    points.forEach(function (p) {
      var planned = p.status === "planned";
      var dot = svg("circle", { cx: X(p.year), cy: Y(p.value), r: p.id === node.id ? 5 : 3.5,
                                fill: planned ? "#ffffff" : p.status === "estimated" ? "#f8dc8c" : "#e6a100",
                                stroke: planned ? "#0b7a75" : "#8a6000", "stroke-width": p.id === node.id ? 2.5 : 1.5,
                                "class": "kg-point kg-point-" + (p.status || "unknown"), "data-year": p.year,
                                "data-value": p.value });
      var tip = svg("title", {});
      tip.textContent = p.year + "：" + p.value + " (" + (p.status || "") + ")";
      dot.appendChild(tip);
      box.appendChild(dot);
    });
    return box;
  }

  function detail(node, key) {
    for (var i = 0; i < node.details.length; i++) if (node.details[i][0] === key) return node.details[i][1];
    return "";
  }

  function render(id) {
    var node = nodes.get(id);
    body.textContent = "";
    var cls = kg.classFor(node.kind);
    var head = el("div", "kg-panel-kind");
    head.appendChild(kg.swatch(node.status ? { shape: "box", color: node.color.background, border: node.color.border,
                                               dashed: !!node.shapeProperties } : cls));
    head.appendChild(el("span", null, cls.name + " · " + node.kind));
    body.appendChild(head);
    body.appendChild(el("h2", "kg-panel-label", node.full));
    if (node.details.length) {
      var facts = el("dl", "kg-panel-facts");
      node.details.forEach(function (pair) {
        facts.appendChild(el("dt", null, data.fields[pair[0]] || pair[0]));
        facts.appendChild(el("dd", null, pair[1]));
      });
      if (node.aka.length) {
        facts.appendChild(el("dt", null, "又称"));
        facts.appendChild(el("dd", null, node.aka.join("、")));
      }
      body.appendChild(facts);
    }
    if (node.posts.length) {
      var posts = el("ul", "kg-panel-posts");
      node.posts.forEach(function (p) {
        var row = el("li");
        row.appendChild(el("span", "kg-panel-year", p[0] || "—"));
        row.appendChild(el("span", null, p[1]));
        posts.appendChild(row);
      });
      section("历年职务").appendChild(posts);
    }
    if (node.series) {
      var drawn = chart(node);
      if (drawn) {
        var box = section("历年数值");
        box.appendChild(drawn);
        box.appendChild(el("div", "kg-chart-key", "实心：完成/预计　空心虚线：目标"));
      }
    }
    if (node.sources.length) {
      var evidence = section("原文依据（" + node.sources.length + "）");
      node.sources.forEach(function (s) {
        var item = el("div", "kg-source");
        item.appendChild(el("blockquote", "kg-panel-evidence", s.evidence));
        item.appendChild(el("div", "kg-panel-doc", "文件：" + s.document + (s.date ? " · " + s.date : "")));
        evidence.appendChild(item);
      });
    }
    var around = neighbours[id] || [];
    if (around.length) {
      var near = el("ul", "kg-panel-neighbours");
      around.forEach(function (pair) {
        var other = nodes.get(pair[0]);
        var row = el("li", "kg-neighbour");
        row.setAttribute("data-id", other.id);
        row.appendChild(kg.swatch(kg.classFor(other.kind)));
        row.appendChild(el("span", "kg-neighbour-relation", pair[2] + " " + pair[1]));
        row.appendChild(el("span", "kg-neighbour-label", other.full));
        row.addEventListener("click", function () { go({ open: other.id, focus: current.focus }); });
        near.appendChild(row);
      });
      section("相邻节点（" + around.length + "）").appendChild(near);
    }
  }

  // Show a state: the panel of `open` (null: closed), only `focus` and its neighbours (null: everything).
  function show(state) {
    current = state;
    kg.focusSet = null;
    if (state.focus) {
      kg.focusSet = {};
      kg.focusSet[state.focus] = true;
      (neighbours[state.focus] || []).forEach(function (pair) { kg.focusSet[pair[0]] = true; });
    }
    kg.applyFilter();
    if (state.open && nodes.get(state.open) && !nodes.get(state.open).hidden) {
      render(state.open);
      panel.hidden = false;
      var around = (neighbours[state.open] || []).map(function (pair) { return pair[0]; });
      network.selectNodes([state.open].concat(around));  // the node and its neighbours, their edges drawn bold
      kg.selected = state.open;
    } else {
      panel.hidden = true;
      network.unselectAll();
    }
    back.disabled = !history.length;
    focusButton.textContent = state.focus && state.focus === state.open ? "显示全部" : "只看相邻";
    network.redraw();
  }
  // A filter that hides the open node closes its panel, as it takes the node's tooltip away.
  kg.onFilter = function () {
    if (current.open && nodes.get(current.open) && nodes.get(current.open).hidden) {
      current = { open: null, focus: current.focus };
      panel.hidden = true;
      network.unselectAll();
    }
  };
  function go(state) {
    history.push(current);
    show(state);
  }
  kg.openPanel = function (id) { go({ open: id, focus: current.focus }); };
  kg.panelBack = function () { if (history.length) show(history.pop()); };

  network.on("click", function (params) {
    if (params.nodes.length) go({ open: params.nodes[0], focus: current.focus });
  });
  back.addEventListener("click", kg.panelBack);
  focusButton.addEventListener("click", function () {
    if (!current.open) return;
    go({ open: current.open, focus: current.focus === current.open ? null : current.open });
  });
  document.getElementById("kg-close").addEventListener("click", function () { go({ open: null, focus: current.focus }); });
})();
