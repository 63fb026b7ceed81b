"""graph/render/: escaping, the node cap, stable positions, no outside requests, legend."""

from __future__ import annotations

import re
import subprocess
import sys

from graph import render
from graph.namespaces import MG
from graph.render import GraphEdge, GraphNode, build, safe_json, to_html

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = '<a href="javascript:alert(2)">x</a>'


def _star(n: int) -> tuple[list[GraphNode], list[GraphEdge]]:
    nodes = [GraphNode("urn:hub", "hub", str(MG.Symptom), "symptom")]
    nodes += [GraphNode(f"urn:n{i}", f"n{i}", str(MG.Drug), "drug") for i in range(n)]
    edges = [GraphEdge(f"urn:n{i}", "urn:hub", str(MG.causes), "causes", "+") for i in range(n)]
    return nodes, edges


def test_hostile_label_never_appears_unescaped() -> None:
    nodes = [GraphNode("urn:x?<script>", HOSTILE, "urn:T<b>", HOSTILE_TITLE),
             GraphNode("urn:y", "y")]
    edges = [GraphEdge("urn:x?<script>", "urn:y", "urn:p", HOSTILE_TITLE, "?")]
    page = to_html(build(nodes, edges), title=HOSTILE)
    assert HOSTILE not in page
    assert HOSTILE_TITLE not in page
    assert "<img" not in page
    # the network travels as JSON data, with no "<" that could end its script element
    data = page.split('<script type="application/json" id="mg-payload">', 1)[1]
    assert "<" not in data.split("</script>")[0]
    assert page.count("</script>") == 4  # the data, vis-network, draw.js, page.js
    # The label still travels, as inert JSON text, for the canvas to draw.
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page


def test_payload_json_is_safe_in_html() -> None:
    text = safe_json(build([GraphNode("urn:a", HOSTILE)], []).payload())
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text


def test_tooltips_are_built_as_text_in_the_browser() -> None:
    assert "textContent" in render.draw_js()
    assert "innerHTML" not in render.draw_js()


def test_the_page_reads_its_network_as_data() -> None:
    page = to_html(build(*_star(2)), title="a <b> & {{draw}}")
    assert "<title>a &lt;b&gt; &amp; {{draw}}</title>" in page  # filled in once, escaped
    assert 'JSON.parse(document.getElementById("mg-payload").textContent)' in page
    assert render.draw_js() in page
    assert "{{" not in page.replace("{{draw}}", "")


def test_node_cap_and_more_not_shown() -> None:
    nodes, edges = _star(30)
    r = build(nodes, edges, focus="urn:hub", max_nodes=10)
    assert r.shown == 10
    assert r.hidden == 21
    assert r.note() == "21 more not shown"
    assert "urn:hub" in {n["id"] for n in r.nodes}
    drawn = {n["id"] for n in r.nodes}
    assert all(e["from"] in drawn and e["to"] in drawn for e in r.edges)


def test_positions_are_stable_between_builds() -> None:
    nodes, edges = _star(12)
    first = {n["id"]: (n["x"], n["y"]) for n in build(nodes, edges, focus="urn:hub").nodes}
    second = {n["id"]: (n["x"], n["y"]) for n in build(list(reversed(nodes)), edges,
                                                       focus="urn:hub").nodes}
    assert first == second
    assert first["urn:hub"] == (0.0, 0.0)
    assert all(not n["physics"] for n in build(nodes, edges).nodes)
    assert build(nodes, edges).options["physics"]["enabled"] is False


def test_a_large_view_is_laid_out() -> None:
    nodes, edges = _star(600)  # networkx switches to its sparse (scipy) method from 500 nodes
    r = build(nodes, edges, focus="urn:hub", max_nodes=700)
    positions = {n["id"]: (n["x"], n["y"]) for n in r.nodes}
    assert r.shown == 601
    assert positions["urn:hub"] == (0.0, 0.0)
    assert len(set(positions.values())) == 601  # no two nodes on the same spot

def test_no_outside_request_in_the_page() -> None:
    page = to_html(build(*_star(3)))
    assert re.search(r"""(src|href)\s*=\s*["']?https?:""", page) is None
    assert re.search(r"""url\(\s*["']?https?:""", page) is None
    assert re.search(r"""import\s*\(?\s*["']https?:""", page) is None
    assert "cdn" not in page.lower().replace("cdn_resources", "")
    assert "bootstrap" not in page.lower()
    assert "vis-network" in page  # inlined from the pyvis wheel


def test_legend_gives_class_colour_shape_and_count() -> None:
    nodes, edges = _star(3)
    nodes.append(GraphNode("urn:f", "foreign", "urn:x:Gene", "gene"))
    edges.append(GraphEdge("urn:f", "urn:hub", "urn:x:rel", "rel", ""))
    r = build(nodes, edges)
    legend = {e.label: e for e in r.legend}
    assert legend["symptom"].colour == "#D55E00"
    assert legend["symptom"].shape == "dot"
    assert legend["drug"].count == 3
    assert legend["drug"].shape == "square"
    assert legend["gene"].colour in render.OKABE_ITO
    assert (legend["gene"].colour, legend["gene"].shape) not in render.CLASS_STYLES.values()
    assert [e.key for e in r.edge_legend] == ["+", ""]
    assert render.legend_rows(r)[0]["label"] == "drug"


def test_a_graph_with_no_signed_links_names_its_relations_in_the_legend() -> None:
    nodes = [GraphNode(f"urn:n{i}", f"n{i}") for i in range(9)]
    edges = [GraphEdge("urn:n0", f"urn:n{i}", f"urn:x:r{i % 3}", f"rel {'bca'[i % 3]}")
             for i in range(1, 9)]
    (row,) = build(nodes, edges).edge_legend
    assert (row.label, row.count) == ("links: rel a, rel b, rel c", 8)
    many = [GraphEdge("urn:n0", f"urn:n{i}", f"urn:x:r{i}", f"r{i}") for i in range(1, 9)]
    assert build(nodes, many).edge_legend[0].label == "links: r1, r2, r3, r4, r5, r6, …"


def test_foreign_classes_get_distinct_styles() -> None:
    nodes = [GraphNode(f"urn:n{i}", f"n{i}", f"urn:x:C{i}", f"C{i}") for i in range(12)]
    r = build(nodes, [])
    pairs = {(e.colour, e.shape) for e in r.legend}
    assert len(pairs) == 12


def test_signs_style_edges() -> None:
    nodes = [GraphNode("urn:a", "a"), GraphNode("urn:b", "b")]
    edges = [GraphEdge("urn:a", "urn:b", "urn:inc", "inc", "+"),
             GraphEdge("urn:b", "urn:a", "urn:dec", "dec", "-")]
    by_label = {e["label"]: e for e in build(nodes, edges).edges}
    assert by_label["inc"]["dashes"] is False
    assert by_label["dec"]["dashes"]
    assert by_label["inc"]["color"]["color"] != by_label["dec"]["color"]["color"]


def test_highlight_fades_the_rest() -> None:
    nodes, edges = _star(3)
    r = build(nodes, edges, highlight_nodes=["urn:hub", "urn:n0"],
              highlight_edges=[("urn:n0", str(MG.causes), "urn:hub")])
    opacity = {n["id"]: n["opacity"] for n in r.nodes}
    assert opacity["urn:n0"] == 1.0
    assert opacity["urn:n1"] < 1.0
    widths = {e["from"]: e["width"] for e in r.edges}
    assert widths["urn:n0"] > widths["urn:n1"]


def test_render_does_not_import_streamlit() -> None:
    code = "import sys, graph.render; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_every_curated_class_has_its_own_shape_and_unsigned_differs_from_other() -> None:
    from graph.render import CLASS_STYLES, EDGE_STYLES

    shapes = [shape for _colour, shape in CLASS_STYLES.values()]
    assert len(set(shapes)) == len(shapes)
    colours = [colour for colour, _shape in CLASS_STYLES.values()]
    assert len(set(colours)) == len(colours)
    assert EDGE_STYLES["?"]["color"] != EDGE_STYLES[""]["color"]


def test_a_picture_that_grows_keeps_what_was_drawn() -> None:
    from graph.render import GraphEdge, GraphNode, build

    a, b, c, d = (f"urn:{x}" for x in "abcd")
    first = build([GraphNode(a, "a"), GraphNode(b, "b"), GraphNode(c, "c")],
                  [GraphEdge(a, b, "urn:p", "p", "+"), GraphEdge(a, c, "urn:p", "p", "+")],
                  focus=a)
    before = first.positions()
    grown = build([GraphNode(a, "a"), GraphNode(b, "b"), GraphNode(c, "c"), GraphNode(d, "d")],
                  [GraphEdge(a, b, "urn:p", "p", "+"), GraphEdge(a, c, "urn:p", "p", "+"),
                   GraphEdge(b, d, "urn:p", "p", "+")], focus=a, keep=before)
    after = grown.positions()
    assert {k: after[k] for k in before} == before  # nothing drawn before moved
    bx, by = before[b]
    dx, dy = after[d]
    assert ((dx - bx) ** 2 + (dy - by) ** 2) ** 0.5 < 150  # the new node is by its parent


def test_labels_do_not_collide_in_the_hub_s_picture() -> None:
    # muscle spasm and its 40-odd neighbours, as Explore draws them: no two label boxes
    # overlap at the default zoom
    from itertools import combinations

    from graph.neighbours import neighbours
    from graph.render import GraphEdge, GraphNode, build, label_box
    from graph.stores import open_store

    hub = "https://w3id.org/myograph/entity/muscle_spasm"
    hood = neighbours(open_store("memory"), hub, limit=25)
    nodes = [GraphNode(hub, "muscle spasm")]
    edges = []
    for group in hood.groups:
        for n in group.neighbours:
            nodes.append(GraphNode(n.iri, n.label))
            s, o = (hub, n.iri) if group.direction == "out" else (n.iri, hub)
            edges.append(GraphEdge(s, o, group.relation, group.relation_label, "+"))
    rendered = build(nodes, edges, focus=hub, max_nodes=60)
    boxes = [(float(n["x"]), float(n["y"]), *label_box(str(n["label"])))
             for n in rendered.nodes]
    assert len(boxes) > 20
    for (xa, ya, wa, ha), (xb, yb, wb, hb) in combinations(boxes, 2):
        assert abs(xa - xb) >= (wa + wb) / 2 - 0.5 or abs(ya - yb) >= (ha + hb) / 2 - 0.5
