// Browser side of graph/render/ (page.py), shared by the standalone page (to_html) and the app's
// network component: myographDraw draws a Rendered.payload() with vis-network (tooltips built
// with textContent, never HTML); myographPng saves the picture with its title and legend.

function myographDraw(container, payload, hooks) {
  const vis = globalThis.vis;
  const tip = (text) => {
    const el = document.createElement("div");
    el.className = "mg-tip";
    el.style.whiteSpace = "pre-line";
    el.textContent = text;  // text, never HTML
    return el;
  };
  const nodes = payload.nodes.map((n) => {
    const copy = Object.assign({}, n);
    copy.title = tip(n.tip || n.label || "");
    delete copy.tip;
    return copy;
  });
  const edges = payload.edges.map((e) => {
    const copy = Object.assign({}, e);
    copy.title = tip(e.tip || e.label || "");
    delete copy.tip;
    return copy;
  });
  container.style.height = payload.height + "px";
  const network = new vis.Network(
    container,
    { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) },
    payload.options,
  );
  // Edge labels: all of them on a small picture; on a busy one only when zoomed in, on the
  // link under the pointer, and on a highlighted route's links (drawn wider).
  const edgeSet = network.body.data.edges;
  const names = new Map(edges.map((e) => [e.id, e.label || ""]));
  const route = new Set(edges.filter((e) => (e.width || 0) >= 4).map((e) => e.id));
  let shown = true;
  const showLabels = (all) => {
    if (all === shown) return;
    shown = all;
    edgeSet.update(edges.filter((e) => !route.has(e.id))
      .map((e) => ({ id: e.id, label: all ? names.get(e.id) : "" })));
  };
  if (edges.length > 14) {
    showLabels(false);
    network.on("zoom", () => showLabels(network.getScale() >= 1.3));
    network.on("hoverEdge", (p) => {
      if (!shown) edgeSet.update({ id: p.edge, label: names.get(p.edge) });
    });
    network.on("blurEdge", (p) => {
      if (!shown && !route.has(p.edge)) edgeSet.update({ id: p.edge, label: "" });
    });
  }
  globalThis.__myographLabels = globalThis.__myographLabels || new WeakMap();
  globalThis.__myographLabels.set(network, () => shown);
  if (payload.selected && nodes.some((n) => n.id === payload.selected)) {
    network.selectNodes([payload.selected]);
  }
  network.on("click", (p) => { if (p.nodes.length && hooks.select) hooks.select(p.nodes[0]); });
  network.on("doubleClick", (p) => {
    if (p.nodes.length && hooks.expand) hooks.expand(p.nodes[0]);
  });
  // vis makes its frame focusable; focusing it on a click would scroll a partly visible
  // network into view between press and release, and the click would miss its node.
  const frame = network.canvas.frame;
  frame.addEventListener("mousedown", (ev) => {
    ev.preventDefault();
    frame.focus({ preventScroll: true });
  }, true);
  // a picture that grew keeps the view of the one before, so nothing drawn moves on screen
  network.once("afterDrawing", () => (payload.view
    ? network.moveTo({ position: payload.view.position, scale: payload.view.scale,
                       animation: false })
    : network.fit({ animation: false })));
  return network;
}

function myographPng(network, name, legend, title) {
  // the picture with its title above and its legend below, so it stands on its own
  const source = network.canvas.frame.canvas;
  const scale = source.width / (source.clientWidth || source.width);
  const glyphs = { dot: "\u25CF", diamond: "\u25C6", square: "\u25A0", triangle: "\u25B2",
                   triangleDown: "\u25BC", star: "\u2605", hexagon: "\u2B22",
                   ellipse: "\u25C9", box: "\u25AC", text: "\u25CC", line: "\u2501" };
  const pad = 12 * scale, lineH = 22 * scale, titleH = title ? 34 * scale : 0;
  const font = (px, bold) => (bold ? "bold " : "") + Math.round(px * scale) + "px sans-serif";
  const probe = document.createElement("canvas").getContext("2d");
  probe.font = font(14);
  const lines = [[]];
  let x = pad;
  for (const row of legend || []) {
    const text = row.label + (row.count ? " (" + row.count + ")" : "");
    const width = 22 * scale + probe.measureText(text).width + 18 * scale;
    if (x + width > source.width - pad && lines[lines.length - 1].length) {
      lines.push([]);
      x = pad;
    }
    const glyph = glyphs[row.shape] || glyphs.dot;
    lines[lines.length - 1].push({ x, text, colour: row.colour, glyph });
    x += width;
  }
  const legendH = (legend || []).length ? lines.length * lineH + pad : 0;
  const out = document.createElement("canvas");
  out.width = source.width;
  out.height = source.height + titleH + legendH;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  if (title) {
    ctx.fillStyle = "#111111";
    let size = 18;  // a long title gets smaller until it fits the picture's width
    ctx.font = font(size, true);
    while (size > 10 && ctx.measureText(title).width > out.width - 2 * pad) {
      size -= 1;
      ctx.font = font(size, true);
    }
    ctx.fillText(title, pad, 24 * scale);
  }
  ctx.drawImage(source, 0, titleH);
  lines.forEach((line, i) => {
    const y = titleH + source.height + pad + i * lineH + 14 * scale;
    for (const item of line) {
      ctx.fillStyle = item.colour;
      ctx.font = font(16);
      ctx.fillText(item.glyph, item.x, y);
      ctx.fillStyle = "#111111";
      ctx.font = font(14);
      ctx.fillText(item.text, item.x + 22 * scale, y);
    }
  });
  const a = document.createElement("a");
  a.href = out.toDataURL("image/png");
  a.download = name || "myograph-network.png";
  document.body.appendChild(a);
  a.click();
  a.remove();
}
