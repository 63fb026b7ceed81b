"""``myograph neighbours`` a page at a time: how many links a relation has, which are shown,
and the command that shows the next page, followed as a person would."""

from __future__ import annotations

import json
import shlex

import pytest
from click.testing import CliRunner

from graph.cli import main

# muscle spasm <- decreases: 9 links in data/triples.ttl, by name:
BY_NAME = ["circulation", "good posture", "heat therapy", "normal motor patterns",
           "physical therapy", "strengthening", "stretching",
           "therapy combined with medication", "ultrasound therapy"]


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _next_command(out: str) -> list[str]:
    """The arguments of the command the output offers for the next page."""
    line = next(line for line in out.splitlines() if "myograph neighbours" in line)
    return shlex.split(line.split(": myograph ", 1)[1])


def _shown(out: str) -> list[str]:
    return [line.strip().rsplit("  [", 1)[0] for line in out.splitlines()
            if line.startswith("      ") and "[" in line and "…" not in line]


def test_a_relation_is_read_page_by_page_by_name() -> None:
    out = _run("neighbours", "muscle spasm", "--direction", "in", "--relation",
               "mg:decreases", "--limit", "4")
    assert "← decreases (9)" in out
    assert _shown(out) == BY_NAME[:4]
    assert "showing 1–4 of 9 by name; the next 4:" in out
    follow = _next_command(out)
    assert follow == ["neighbours", "mge:muscle_spasm", "--direction", "in", "--relation",
                      "mg:decreases", "--limit", "4", "--offset", "4"]
    out = _run(*follow)
    assert _shown(out) == BY_NAME[4:8]
    out = _run(*_next_command(out))
    assert _shown(out) == BY_NAME[8:]
    assert "showing 9–9 of 9 by name" in out
    assert "myograph neighbours" not in out  # nothing after the last page


def test_a_relation_too_big_to_sort_says_so_and_pages_through_all(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.neighbours

    monkeypatch.setattr(graph.neighbours, "SORTED_GROUP", 3)  # as if 9 were a hub's thousands
    seen: list[str] = []
    args = ["neighbours", "muscle spasm", "--direction", "in", "--relation", "mg:decreases",
            "--limit", "4"]
    for _page in range(3):
        out = _run(*args)
        assert "in the store's order (too many to sort by name)" in out
        shown = _shown(out)
        assert shown == sorted(shown, key=str.casefold)  # each page by name
        seen += shown
        if "myograph neighbours" not in out:
            break
        args = _next_command(out)
    assert sorted(seen) == BY_NAME  # each link once, over three pages


def test_json_says_where_the_page_starts_and_what_remains() -> None:
    out = _run("neighbours", "muscle spasm", "--direction", "in", "--relation",
               "mg:decreases", "--limit", "4", "--offset", "4", "--format", "json")
    group = json.loads(out)["groups"][0]
    assert (group["total"], group["start"], group["order"]) == (9, 4, "label")
    assert (group["hidden"], group["remaining"]) == (5, 1)
    assert [n["label"] for n in group["neighbours"]] == BY_NAME[4:8]
