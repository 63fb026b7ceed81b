// The network component (myograph_app/network.py): loaded after vis-network, graph's draw.js
// and dom.js. Python sends the payload as one JSON string, data.json; a click on a node sets
// the trigger "select", a double-click "expand". Each network is window.__myograph[key].

const mgState = new WeakMap();

function mgLegend(box, data) {
  box.replaceChildren();
  const shapes = { dot: "●", diamond: "◆", square: "■", triangle: "▲", triangleDown: "▼",
                   star: "★", hexagon: "⬢", ellipse: "◉", box: "▬", text: "◌", line: "━" };
  for (const item of data.legend || []) {
    const row = document.createElement("span");
    row.className = "mg-legend-item";
    const mark = document.createElement("span");
    mark.className = "mg-swatch";
    mark.style.color = item.colour;
    mark.textContent = item.dashes ? "┅" : (shapes[item.shape] || "●");
    const text = document.createElement("span");
    text.textContent = " " + item.label + (item.count ? " (" + item.count + ")" : "");
    row.append(mark, text);
    box.append(row);
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
    root = document.createElement("div");
    root.className = "mg-root";
    const bar = document.createElement("div");
    bar.className = "mg-bar";
    const note = document.createElement("span");
    note.className = "mg-note";
    const png = document.createElement("button");
    png.type = "button";
    png.className = "mg-png";
    png.textContent = "Download PNG";
    png.setAttribute("aria-label", "Download the network as a PNG image");
    const fit = document.createElement("button");
    fit.type = "button";
    fit.className = "mg-fit";
    fit.textContent = "Fit";
    bar.append(note, fit, png);
    const net = document.createElement("div");
    net.className = "mg-net";
    net.setAttribute("role", "application");
    net.setAttribute("aria-label", "Network: click a node to select it, double-click to expand");
    const legend = document.createElement("div");
    legend.className = "mg-legend";
    root.append(bar, net, legend);
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
