// The network component (myograph_app/network.py): loaded after vis-network, graph's draw.js
// and dom.js. Python sends the payload as one JSON string, data.json; a click on a node sets
// the trigger "select", a double-click "expand". Each network is window.__myograph[key].

const mgState = new WeakMap();

function mgLegend(box, data) {
  box.replaceChildren();
  const shapes = { dot: "●", diamond: "◆", square: "■", triangle: "▲", triangleDown: "▼",
                   star: "★", hexagon: "⬢", ellipse: "◉", box: "▬", text: "◌", line: "━" };
  for (const item of data.legend || []) {
    const mark = mgEl("span", {
      className: "mg-swatch",
      textContent: item.dashes ? "┅" : (shapes[item.shape] || "●"),
    });
    mark.style.color = item.colour;
    const text = mgEl("span", {
      textContent: " " + item.label + (item.count ? " (" + item.count + ")" : ""),
    });
    box.append(mgEl("span", { className: "mg-legend-item" }, {}, mark, text));
  }
}

export default function (component) {
  const { setTriggerValue, parentElement, key } = component;
  const sig = component.data && component.data.json;
  if (typeof sig !== "string") return;
  const data = JSON.parse(sig);
  if (!data || !data.nodes) return;
  let root = parentElement.querySelector(".mg-root");
  if (!root) {
    const bar = mgEl("div", { className: "mg-bar" }, {},
      mgEl("span", { className: "mg-note" }),
      mgEl("button", { type: "button", className: "mg-fit", textContent: "Fit" }),
      mgEl("button", { type: "button", className: "mg-png", textContent: "Download PNG" },
           { "aria-label": "Download the network as a PNG image" }));
    const net = mgEl("div", { className: "mg-net" }, {
      role: "application",
      "aria-label": "Network: click a node to select it, double-click to expand",
    });
    root = mgEl("div", { className: "mg-root" }, {}, bar, net,
                mgEl("div", { className: "mg-legend" }));
    parentElement.append(root);
  }
  const prev = mgState.get(parentElement);
  if (prev && prev.sig === sig) return;
  if (prev && data.keepView) {
    data.view = { position: prev.network.getViewPosition(), scale: prev.network.getScale() };
  }
  if (prev) prev.network.destroy();
  root.querySelector(".mg-note").textContent = data.note || "";
  mgLegend(root.querySelector(".mg-legend"), data);
  const network = myographDraw(root.querySelector(".mg-net"), data, {
    select: (id) => setTriggerValue("select", id),
    expand: (id) => setTriggerValue("expand", id),
  });
  root.querySelector(".mg-png").onclick = () =>
    myographPng(network, data.filename, data.legend, data.title);
  root.querySelector(".mg-fit").onclick = () => network.fit({ animation: false });
  mgState.set(parentElement, { sig, network });
  globalThis.__myograph = globalThis.__myograph || {};
  globalThis.__myograph[data.testId || key] = network;
}
