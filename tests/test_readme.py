"""The README's command-line examples run as written (datasette's tested-docs habit)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[str]:
    section = README.split("## The command line", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\$ myograph (.+)$", section, flags=re.MULTILINE)
    return [c for c in commands if "oxigraph:" not in c and not c.startswith("serve")]


def test_the_readme_opens_with_the_two_commands() -> None:
    head = README.split("\n## ", 1)[0]
    assert "make run" in head
    assert "make test" in head
    assert "not medical advice" in head.lower().replace("**", "")


def test_there_are_examples() -> None:
    assert len(_examples()) >= 8


@pytest.mark.parametrize("command", _examples())
def test_readme_example_runs(command: str) -> None:
    result = CliRunner().invoke(main, shlex.split(command))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
