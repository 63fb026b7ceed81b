// Building elements, the one helper our components share (loaded before network.js,
// search_box.js and article.js): text goes in as textContent or text nodes, never as HTML.
//
//   mgEl("span", { className: "ms-name", textContent: item.label })
//   mgEl("ul", { id: "ms-list", className: "ms-list" }, { role: "listbox" }, child, …)
//
// `props` are set as the element's properties, `attrs` with setAttribute (in that order);
// `children` (elements or text) are appended.
function mgEl(tag, props, attrs, ...children) {
  const el = document.createElement(tag);
  Object.assign(el, props);
  for (const [name, value] of Object.entries(attrs || {})) el.setAttribute(name, value);
  el.append(...children);
  return el;
}
