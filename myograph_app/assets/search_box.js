// The search box (myograph_app/search_box.py): a WAI-ARIA combobox, loaded after dom.js.
// Python sends data = {label, placeholder, hint, query, setRev, listLabel, suggestions,
// empty}; the box sends the state value "query" as you type and the triggers "pick" (an
// IRI) and "submit" (the text, Enter with nothing highlighted). Labels are text, never HTML.

const msState = new WeakMap();

function msRender(s) {
  const text = s.input.value;
  const fresh = (s.data.query || "") === text;
  if (fresh) s.items = s.data.suggestions || [];
  const list = s.list;
  list.replaceChildren();
  if (s.active >= s.items.length) s.active = -1;
  s.items.forEach((item, i) => {
    const li = mgEl("li", { id: "ms-opt-" + i, className: "ms-option" },
      { role: "option", "aria-selected": i === s.active ? "true" : "false" },
      mgEl("span", { className: "ms-top" }, {},
        mgEl("span", { className: "ms-name", textContent: item.label }),
        mgEl("span", { className: "ms-class", textContent: item.cls || "no class" })),
      mgEl("span", { className: "ms-why", textContent: item.why }));
    li.addEventListener("mousedown", (e) => e.preventDefault());
    li.addEventListener("click", () => msPick(s, i));
    li.addEventListener("mousemove", () => {
      if (s.active === i) return;
      s.active = i;  // mark in place: rebuilding under the pointer could swallow a click
      for (const [j, other] of [...list.children].entries())
        other.setAttribute("aria-selected", j === i ? "true" : "false");
      s.input.setAttribute("aria-activedescendant", li.id);
    });
    list.append(li);
  });
  const nothing = fresh && text.trim() !== "" && s.items.length === 0;
  s.empty.textContent = nothing ? (s.data.empty || "No matches") : "";
  const open = s.open && text.trim() !== "" && (s.items.length > 0 || nothing);
  s.panel.hidden = !open;
  s.list.hidden = s.items.length === 0;
  s.input.setAttribute("aria-expanded", open && s.items.length > 0 ? "true" : "false");
  if (open && s.active >= 0) {
    s.input.setAttribute("aria-activedescendant", "ms-opt-" + s.active);
    const li = list.children[s.active];
    if (li && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
  } else {
    s.input.removeAttribute("aria-activedescendant");
  }
  s.status.textContent = !text.trim() || !fresh ? "" : nothing ? s.empty.textContent
    : s.items.length + (s.items.length === 1 ? " suggestion" : " suggestions")
      + ", use the arrow keys to choose";
}

function msPick(s, i) {
  const item = s.items[i];
  if (!item) return;
  s.open = false;
  s.active = -1;
  msRender(s);
  s.api.setTriggerValue("pick", item.iri);
}

function msBuild(s, parent) {
  const label = mgEl("label", { className: "ms-label", htmlFor: "ms-input" });
  const input = mgEl("input", { id: "ms-input", type: "text", autocomplete: "off",
                                spellcheck: false }, {
    enterkeyhint: "search",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-controls": "ms-list",
    "aria-expanded": "false",
    "aria-describedby": "ms-hint",
  });
  const list = mgEl("ul", { id: "ms-list", className: "ms-list" }, { role: "listbox" });
  const empty = mgEl("div", { className: "ms-empty" });
  const panel = mgEl("div", { className: "ms-panel", hidden: true }, {}, list, empty);
  const box = mgEl("div", { className: "ms-box" }, {}, input, panel);
  const hint = mgEl("div", { id: "ms-hint", className: "ms-hint" });
  const status = mgEl("div", { className: "ms-status" },
                      { role: "status", "aria-live": "polite" });
  const root = mgEl("div", { className: "ms-root" }, {}, label, box, hint, status);
  parent.append(root);
  Object.assign(s, { root, label, input, panel, list, empty, hint, status });
  input.value = s.data.query || "";
  s.sent = input.value;
  input.addEventListener("input", () => {
    s.open = true;
    s.active = -1;
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      if (input.value !== s.sent) {
        s.sent = input.value;
        s.api.setStateValue("query", input.value);
      }
    }, 200);
    msRender(s);
  });
  input.addEventListener("keydown", (e) => {
    const n = s.items.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!s.open) { s.open = true; s.active = -1; }
      if (n) {
        if (e.key === "ArrowDown") s.active = s.active + 1 >= n ? 0 : s.active + 1;
        else s.active = s.active <= 0 ? n - 1 : s.active - 1;
      }
      msRender(s);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (s.open && s.active >= 0 && s.active < n) {
        msPick(s, s.active);
      } else if (input.value.trim()) {
        clearTimeout(s.timer);
        s.open = false;
        msRender(s);
        if (input.value !== s.sent) {
          s.sent = input.value;
          s.api.setStateValue("query", input.value);
        }
        s.api.setTriggerValue("submit", input.value);
      }
    } else if (e.key === "Escape") {
      if (s.open && !s.panel.hidden) {
        e.preventDefault();
        s.open = false;
        s.active = -1;
        msRender(s);
      }
    } else if (e.key === "Tab") {
      s.open = false;
      msRender(s);
    }
  });
  input.addEventListener("blur", () => { s.open = false; s.active = -1; msRender(s); });
}

export default function (component) {
  const { data, setStateValue, setTriggerValue, parentElement, key } = component;
  let s = msState.get(parentElement);
  if (!s) {
    s = { open: false, active: -1, timer: 0, items: [], data: data || {} };
    msState.set(parentElement, s);
    msBuild(s, parentElement);
  }
  s.api = { setStateValue, setTriggerValue };
  s.data = data || {};
  // Python rewrote the text (a ready-made question, a share link): show it, once
  if (s.data.setRev !== undefined && s.data.setRev !== s.setRev) {
    if (s.setRev !== undefined && document.activeElement !== s.input) {
      s.input.value = s.data.query || "";
      s.sent = s.input.value;
    }
    s.setRev = s.data.setRev;
  }
  s.label.textContent = s.data.label || "Search";
  s.input.placeholder = s.data.placeholder || "";
  s.list.setAttribute("aria-label", s.data.listLabel || "Suggestions");
  s.hint.textContent = s.data.hint || "";
  s.root.dataset.testid = "myograph-search-" + key;
  msRender(s);
}
