"""The README's command-line examples run as written (datasette's tested-docs habit)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

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


def _python_blocks() -> list[str]:
    section = README.split("## The Python API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_the_python_api_examples_run_as_plain_scripts(tmp_path: Path, how: str) -> None:
    # exactly as a reader saves and runs them: no main guard, a file or standard input
    import subprocess
    import sys

    blocks = _python_blocks()
    assert len(blocks) >= 2
    for n, code in enumerate(blocks):
        script = tmp_path / f"example{n}.py"
        script.write_text(code, encoding="utf-8")
        command = [sys.executable, str(script)] if how == "file" else [sys.executable, "-"]
        done = subprocess.run(command, input=None if how == "file" else code, cwd=ROOT,
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Broken pipe" not in done.stderr
