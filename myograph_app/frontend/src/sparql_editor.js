// The SPARQL editor of myograph's app: CodeMirror 6 in a Streamlit components-v2 element.
//
// Python (myograph_app/editor.py) sends `data = {text, rev, prefixes, label, error,
// commands}`. `rev` grows
// each time Python puts a query in the editor (an example, a share link, "Open in SPARQL
// view"); the editor replaces its text only when `rev` changes, so a rerun never
// overwrites what the user is typing. User edits go back as the state value
// `query = {text, rev}` (on blur, after a pause in typing, and before a run); Ctrl/Cmd+Enter
// also sets the trigger `run`. Tab is left to the browser (indentWithTab is not bound), so
// the editor never traps keyboard focus.
//
// Rebuild with `make frontend` (esbuild → ../assets/sparql_editor.js).

import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  bracketMatching,
  HighlightStyle,
  StreamLanguage,
  syntaxHighlighting,
} from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { Annotation, Compartment, EditorState, Prec, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder,
} from "@codemirror/view";
import { classHighlighter, tags as t } from "@lezer/highlight";

const IDLE_MS = 1200; // send the text after this long without typing

// A syntax error Python found ({line, column, message}, 1-based): the line is tinted, the
// place underlined, the message its title. Any edit clears it (the text is no longer the
// text that failed).
const setError = StateEffect.define();
const errorMarks = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setError)) return errorDecorations(tr.state, effect.value);
    }
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function errorDecorations(state, error) {
  if (!error || !(error.line >= 1) || error.line > state.doc.lines) return Decoration.none;
  const line = state.doc.line(error.line);
  const from = Math.min(line.from + Math.max((error.column || 1) - 1, 0), line.to);
  const word = line.text.slice(from - line.from).match(/^[^\s(){}\[\],;]+|^./);
  const to = Math.min(from + (word ? word[0].length : 0), line.to);
  const title = { title: error.message || "syntax error", "aria-invalid": "true" };
  const marks = [Decoration.line({ class: "cm-mg-error-line", attributes: title }).range(line.from)];
  if (to > from) marks.push(Decoration.mark({ class: "cm-mg-error", attributes: title }).range(from, to));
  return Decoration.set(marks, true);
}
const fromPython = Annotation.define();
const editors = new WeakMap(); // parentElement -> editor record

const KEYWORDS = [
  "SELECT", "DISTINCT", "REDUCED", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "PREFIX", "BASE",
  "OPTIONAL", "FILTER", "UNION", "MINUS", "GRAPH", "BIND", "VALUES", "GROUP BY", "ORDER BY",
  "HAVING", "LIMIT", "OFFSET", "ASC", "DESC", "AS", "NOT EXISTS", "EXISTS", "IN", "NOT IN",
  "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "STR", "LANG",
  "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "REGEX", "CONTAINS", "STRSTARTS", "STRENDS",
  "LCASE", "UCASE", "COALESCE", "IF", "isIRI", "isLiteral", "isBlank", "UNDEF",
];

// Two looks, light and dark, chosen from the Streamlit theme the editor sits in (its
// --st-background-color): readable colours (each at least 4.5:1 on its background),
// distinct by hue and style.
function highlight(c) {
  return HighlightStyle.define([
    { tag: t.keyword, color: c.keyword, fontWeight: "600" },
    { tag: t.local(t.variableName), color: c.variable },
    { tag: t.standard(t.variableName), color: c.builtin },
    { tag: t.atom, color: c.iri },
    { tag: t.string, color: c.string },
    { tag: t.comment, color: c.comment, fontStyle: "italic" },
    { tag: t.meta, color: c.meta },
    { tag: t.number, color: c.string },
  ]);
}

function editorTheme(c, dark) {
  return EditorView.theme({
    "&": { backgroundColor: c.background, color: c.text, fontSize: "14px",
           border: `1px solid ${c.border}`, borderRadius: "0.5rem" },
    "&.cm-focused": { outline: `3px solid ${c.focus}`, outlineOffset: "1px" },
    ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
                      lineHeight: "1.5", minHeight: "14em", maxHeight: "30em",
                      overflow: "auto", borderRadius: "0.5rem" },
    ".cm-content": { caretColor: c.caret, padding: "6px 0" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: c.caret },
    ".cm-gutters": { backgroundColor: c.gutter, color: c.gutterText, border: "none",
                     borderRight: `1px solid ${c.gutterBorder}`,
                     borderRadius: "0.5rem 0 0 0.5rem" },
    ".cm-activeLine": { backgroundColor: c.activeLine },
    ".cm-activeLineGutter": { backgroundColor: c.activeGutter, color: c.text },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
      backgroundColor: c.selection },
    ".cm-placeholder": { color: c.comment },
    ".cm-mg-error-line": { backgroundColor: c.errorLine },
    ".cm-mg-error": { textDecoration: `underline wavy ${c.error}`, textDecorationThickness: "2px",
                      textUnderlineOffset: "3px", outline: `1px solid ${c.error}` },
    ".cm-tooltip": { border: `1px solid ${c.border}`, backgroundColor: c.background,
                     color: c.text },
    ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: c.chosen,
                                                          color: c.chosenText },
  }, { dark });
}

const look = (c, dark) => [editorTheme(c, dark), syntaxHighlighting(highlight(c))];
const looks = {
  light: look({
    keyword: "#7b1fa2", variable: "#0b57a4", builtin: "#6d4c00", iri: "#1e6b2f",
    string: "#a4300b", comment: "#5b6470", meta: "#7a5a00",
    background: "#fff", text: "#1f2328", border: "#b8bcc4", focus: "#0072B2", caret: "#111",
    gutter: "#f3f4f6", gutterText: "#4b5260", gutterBorder: "#d5d8de",
    activeLine: "#eef5fc", activeGutter: "#e1ebf6", selection: "#cfe0f5",
    chosen: "#0b57a4", chosenText: "#fff", error: "#c62828", errorLine: "#fdecea",
  }, false),
  dark: look({
    keyword: "#d2a8ff", variable: "#79c0ff", builtin: "#e3b341", iri: "#7ee787",
    string: "#ffa657", comment: "#9ba3ae", meta: "#e3b341",
    background: "#0e1117", text: "#e6e8eb", border: "#5a606b", focus: "#56B4E9",
    caret: "#f0f0f0", gutter: "#1a1d24", gutterText: "#a3a9b4", gutterBorder: "#363a44",
    activeLine: "#18202c", activeGutter: "#202a38", selection: "#264f78",
    chosen: "#79c0ff", chosenText: "#0e1117", error: "#ff7b72", errorLine: "#3b1f23",
  }, true),
};
const currentLook = new Compartment(); // holds the current look, swapped in place

// "dark" when the Streamlit theme around `element` has a dark background; the browser's
// preference when no theme colour can be read.
function schemeOf(element) {
  if (getComputedStyle(element).getPropertyValue("--st-background-color").trim()) {
    const probe = document.createElement("span"); // the colour as rgb(), whatever its form
    probe.style.color = "var(--st-background-color)";
    element.append(probe);
    const rgb = getComputedStyle(probe).color.match(/[\d.]+/g);
    probe.remove();
    if (rgb && rgb.length >= 3) {
      const [r, g, b] = rgb.slice(0, 3).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? "dark" : "light";
    }
  }
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function restyle(ed) {
  if (!ed.box.isConnected) return; // an editor no longer on the page
  const scheme = schemeOf(ed.box);
  if (scheme === ed.scheme) return;
  ed.scheme = scheme;
  ed.box.dataset.scheme = scheme;
  ed.view.dispatch({ effects: currentLook.reconfigure(looks[scheme]) });
}

function completions(prefixes) {
  return (context) => {
    const word = context.matchBefore(/[?$]?[\w-]*:?/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    if (word.text.includes(":") && !word.text.endsWith(":")) return null;
    const doc = context.state.doc.toString();
    const options = [];
    if (word.text.startsWith("?") || word.text.startsWith("$")) {
      const seen = new Set(doc.match(/[?$][A-Za-z_][\w]*/g) || []);
      seen.delete(word.text);
      for (const v of seen) options.push({ label: v, type: "variable" });
    } else {
      for (const k of KEYWORDS) options.push({ label: k, type: "keyword" });
      for (const [name, iri, declare] of prefixes) {
        // the project's prefixes are added by the runner; the graph's own are declared
        // at the top of the query when chosen (unless the query declares them already)
        const apply = declare ? declaring(name, iri) : undefined;
        options.push({ label: `${name}:`, type: "namespace", detail: iri, apply });
      }
    }
    return { from: word.from, options, validFor: /^[?$]?[\w-]*:?$/ };
  };
}

function declaring(name, iri) {
  return (view, completion, from, to) => {
    const doc = view.state.doc.toString();
    const declared = new RegExp(`PREFIX\\s+${name}\\s*:`, "i").test(doc);
    const line = declared ? "" : `PREFIX ${name}: <${iri}>\n`;
    const changes = [{ from: 0, insert: line }, { from, to, insert: `${name}:` }];
    view.dispatch({ changes, selection: { anchor: line.length + from + name.length + 1 } });
  };
}

function send(ed) {
  clearTimeout(ed.timer);
  ed.timer = undefined;
  if (!ed.dirty || !ed.view.dom.isConnected) return;
  ed.dirty = false;
  ed.api.setStateValue("query", { text: ed.view.state.doc.toString(), rev: ed.rev });
}

function run(ed) {
  ed.dirty = true; // always send the text that is being run, before the trigger
  send(ed);
  ed.api.setTriggerValue("run", { text: ed.view.state.doc.toString(), rev: ed.rev });
  return true;
}

function create(parentElement, data) {
  const ed = { rev: data.rev, dirty: false, timer: undefined, api: null, view: null,
               scheme: "light", box: null };
  const box = document.createElement("div");
  box.className = "mg-sparql-editor";
  parentElement.append(box); // (a shadow root: the box is the element styles are read on)
  ed.box = box;
  ed.scheme = box.dataset.scheme = schemeOf(box);
  const label = data.label || "SPARQL query";
  ed.view = new EditorView({
    parent: box,
    state: EditorState.create({
      doc: data.text || "",
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        StreamLanguage.define(sparql),
        errorMarks,
        currentLook.of(looks[ed.scheme]),
        syntaxHighlighting(classHighlighter), // stable tok-* class names (tests, styling)
        autocompletion({ override: [completions(data.prefixes || [])] }),
        placeholder("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          "aria-label": `${label} (Ctrl+Enter runs it; Tab leaves the editor)`,
        }),
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => run(ed) }])),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap,
                   ...completionKeymap]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.some((tr) => tr.annotation(fromPython))) {
            ed.dirty = true;
            clearTimeout(ed.timer);
            ed.timer = setTimeout(() => send(ed), IDLE_MS);
          }
        }),
        // On the blur event itself (CodeMirror reports focus changes a moment later), so
        // that typing and then clicking Run sends the text before the click is handled.
        EditorView.domEventHandlers({ blur: () => { send(ed); } }),
      ],
    }),
  });
  return ed;
}

// The researcher's library, kept in this browser (localStorage): the queries run lately
// and queries saved by name. Python sends commands ({id, op, …}: "ran", "save", "remove",
// "import", "clear"); each is applied once (its id remembered) and the whole library goes
// back as the state value `library = {history, saved, applied}` whenever it changes.
const HISTORY_KEY = "myograph.sparql.history";
const SAVED_KEY = "myograph.sparql.saved";
const APPLIED_KEY = "myograph.sparql.applied";
const HISTORY_MAX = 50;
const SAVED_MAX = 200;
const TEXT_MAX = 100000;

function readList(key) {
  try {
    const value = JSON.parse(localStorage.getItem(key) || "[]");
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

function writeList(key, list) {
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // storage full or off (a private window): the library lasts this page only
  }
}

const isQuery = (item) => item && typeof item.text === "string" && item.text.length <= TEXT_MAX;
const isSaved = (item) => isQuery(item) && typeof item.name === "string" && item.name.trim()
  && item.name.length <= 200;

function applyCommands(commands) {
  const applied = readList(APPLIED_KEY).filter((id) => typeof id === "string");
  let history = readList(HISTORY_KEY).filter(isQuery);
  let saved = readList(SAVED_KEY).filter(isSaved);
  for (const c of Array.isArray(commands) ? commands : []) {
    if (!c || typeof c.id !== "string" || applied.includes(c.id)) continue;
    applied.push(c.id);
    if (c.op === "ran" && isQuery(c)) {
      history = [{ text: c.text, at: Date.now() },
                 ...history.filter((h) => h.text !== c.text)].slice(0, HISTORY_MAX);
    } else if (c.op === "save" && isSaved(c)) {
      saved = [...saved.filter((q) => q.name !== c.name), { name: c.name, text: c.text }]
        .slice(-SAVED_MAX);
    } else if (c.op === "remove" && typeof c.name === "string") {
      saved = saved.filter((q) => q.name !== c.name);
    } else if (c.op === "import" && Array.isArray(c.items)) {
      for (const q of c.items.filter(isSaved)) {
        saved = [...saved.filter((old) => old.name !== q.name), { name: q.name, text: q.text }];
      }
      saved = saved.slice(-SAVED_MAX);
    } else if (c.op === "clear") {
      history = [];
    }
  }
  writeList(HISTORY_KEY, history);
  writeList(SAVED_KEY, saved);
  writeList(APPLIED_KEY, applied.slice(-200));
  return { history, saved, applied: applied.slice(-200) };
}

export default function (component) {
  const { data, key, parentElement, setStateValue, setTriggerValue } = component;
  if (!data) return;
  let ed = editors.get(parentElement);
  if (!ed) {
    ed = create(parentElement, data);
    editors.set(parentElement, ed);
    // the browser's scheme can change without a rerun (Streamlit's theme set to follow it)
    matchMedia("(prefers-color-scheme: dark)").addEventListener(
      "change", () => restyle(ed));
  } else {
    restyle(ed); // the app's theme may have changed since the last run
  }
  if (data.rev !== ed.rev) {
    // Python put a new query here (example, share link, "Open in SPARQL view").
    const view = ed.view;
    clearTimeout(ed.timer);
    ed.dirty = false;
    ed.rev = data.rev;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: data.text || "" },
      annotations: fromPython.of(true),
    });
  }
  const errorKey = JSON.stringify(data.error || null);
  if (errorKey !== ed.errorKey) {
    ed.errorKey = errorKey;
    ed.view.dispatch({ effects: setError.of(data.error || null) });
  }
  ed.api = { setStateValue, setTriggerValue };
  const library = applyCommands(data.commands);
  const sent = JSON.stringify(library);
  // sent only when Python holds another library: each send costs the app a rerun
  if (sent !== ed.library && sent !== JSON.stringify(data.known || null)) {
    ed.library = sent;
    setStateValue("library", library);
  }
  globalThis.__myographEditors = globalThis.__myographEditors || {};
  globalThis.__myographEditors[key] = ed.view;
}
