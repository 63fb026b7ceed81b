// The Read view's article (myograph_app/read_view.py), loaded after dom.js. Python sends
// data.json = {paragraphs: [[{t, p, c, m, l}]], scroll}; a click on a passage sets the trigger
// "passage" (its offset), on an entity's name "open" (its CURIE).

function arSegment(seg, api) {
  let node;
  if (seg.m) {
    node = mgEl("a", { href: "#", className: "ar-mention", textContent: seg.t,
                       title: "Open " + seg.l + " in Explore" });
    node.addEventListener("click", (ev) => {
      ev.preventDefault();
      ev.stopPropagation();
      api.setTriggerValue("open", seg.m);
    });
  } else {
    node = document.createTextNode(seg.t);
  }
  if (seg.p === null || seg.p === undefined) return node;
  const mark = mgEl("mark", { className: seg.c ? "ar-passage ar-chosen" : "ar-passage",
                              tabIndex: 0 }, {
    role: "button",
    title: "Show the links of the graph this passage supports",
    "data-passage": String(seg.p),
  }, node);
  const choose = () => api.setTriggerValue("passage", seg.p);
  mark.addEventListener("click", choose);
  mark.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); choose(); }
  });
  return mark;
}

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const doc = JSON.parse(data.json);
  let root = parentElement.querySelector(".ar-root");
  if (!root) {
    root = mgEl("div", { className: "ar-root" });
    parentElement.append(root);
  }
  root.dataset.testid = "myograph-article";
  root.replaceChildren();
  doc.paragraphs.forEach((para, i) => {
    const segments = para.map((seg) => arSegment(seg, { setTriggerValue }));
    root.append(mgEl(i === 0 ? "h4" : "p", {}, {}, ...segments));
  });
  const chosen = root.querySelector(".ar-chosen");
  if (chosen && doc.scroll) chosen.scrollIntoView({ block: "center" });
}
