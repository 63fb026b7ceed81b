// The SPARQL editor of myograph's app: CodeMirror 6 in a Streamlit components-v2 element.
//
// Python (myograph_app/editor.py) sends `data = {text, rev, prefixes, label}`. `rev` grows
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
import { Annotation, EditorState, Prec } from "@codemirror/state";
import {
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

// Light theme, readable colours (each at least 4.5:1 on white), distinct by hue and style.
const colours = HighlightStyle.define([
  { tag: t.keyword, color: "#7b1fa2", fontWeight: "600" },
  { tag: t.local(t.variableName), color: "#0b57a4" },
  { tag: t.standard(t.variableName), color: "#6d4c00" },
  { tag: t.atom, color: "#1e6b2f" },
  { tag: t.string, color: "#a4300b" },
  { tag: t.comment, color: "#5b6470", fontStyle: "italic" },
  { tag: t.meta, color: "#7a5a00" },
  { tag: t.number, color: "#a4300b" },
]);

const theme = EditorView.theme({
  "&": { backgroundColor: "#fff", color: "#1f2328", fontSize: "14px",
         border: "1px solid #b8bcc4", borderRadius: "0.5rem" },
  "&.cm-focused": { outline: "3px solid #0072B2", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
                    lineHeight: "1.5", minHeight: "14em", maxHeight: "30em", overflow: "auto",
                    borderRadius: "0.5rem" },
  ".cm-content": { caretColor: "#111", padding: "6px 0" },
  ".cm-gutters": { backgroundColor: "#f3f4f6", color: "#4b5260", border: "none",
                   borderRight: "1px solid #d5d8de", borderRadius: "0.5rem 0 0 0.5rem" },
  ".cm-activeLine": { backgroundColor: "#eef5fc" },
  ".cm-activeLineGutter": { backgroundColor: "#e1ebf6", color: "#1f2328" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "#cfe0f5" },
  ".cm-placeholder": { color: "#5b6470" },
  ".cm-tooltip": { border: "1px solid #b8bcc4", backgroundColor: "#fff" },
  ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "#0b57a4",
                                                        color: "#fff" },
}, { dark: false });

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
      for (const [name, iri] of prefixes) {
        options.push({ label: `${name}:`, type: "namespace", detail: iri });
      }
    }
    return { from: word.from, options, validFor: /^[?$]?[\w-]*:?$/ };
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
  const ed = { rev: data.rev, dirty: false, timer: undefined, api: null, view: null };
  const box = document.createElement("div");
  box.className = "mg-sparql-editor";
  parentElement.append(box);
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
        syntaxHighlighting(colours),
        syntaxHighlighting(classHighlighter), // stable tok-* class names (tests, styling)
        autocompletion({ override: [completions(data.prefixes || [])] }),
        placeholder("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          "aria-label": `${label} (Ctrl+Enter runs it; Tab leaves the editor)`,
        }),
        theme,
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

export default function (component) {
  const { data, key, parentElement, setStateValue, setTriggerValue } = component;
  if (!data) return;
  let ed = editors.get(parentElement);
  if (!ed) {
    ed = create(parentElement, data);
    editors.set(parentElement, ed);
  } else if (data.rev !== ed.rev) {
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
  ed.api = { setStateValue, setTriggerValue };
  globalThis.__myographEditors = globalThis.__myographEditors || {};
  globalThis.__myographEditors[key] = ed.view;
}
