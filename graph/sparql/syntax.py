"""Where a query's syntax goes wrong, in words a person can act on.

rdflib's parser often points at the start of the clause that failed; a scan of the
brackets and Oxigraph's parser find the place, and the message names what is wrong there
(a bracket that does not match, the end coming too early, an unexpected token).
"""

from __future__ import annotations

import re

from pyparsing import ParseBaseException

from graph.errors import QuerySyntaxError

_OX_POSITION = re.compile(r"error at (\d+):(\d+)")
_CLOSERS = {"(": ")", "{": "}", "[": "]"}
_SKIPPED = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s"{}|^`]*>|#[^\n]*')
"""Strings, IRIs and comments: brackets inside them are not brackets."""
_TOKEN = re.compile(r"[^\s(){}\[\],;]+")
_TOKEN_CHAR = re.compile(r"[^\s(){}\[\],;.]")


def _oxigraph_position(text: str) -> tuple[int, int] | None:
    """(line, column) where Oxigraph finds the first syntax error in ``text``, or None
    when it reads the whole text (rdflib's reading is then kept). Oxigraph reports the
    column just past the furthest token it read: this is the start of that token.

    Only text rdflib could not parse comes here, read against an empty store: a SELECT,
    CONSTRUCT or DESCRIBE is evaluated lazily (never, here), an ASK over no data at once.
    """
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as error:
        match = _OX_POSITION.search(str(error))
        if match is None:
            return None
        line, column = int(match.group(1)), int(match.group(2)) - 1
        lines = text.split("\n")
        if line > len(lines) or (line == len(lines) and column > len(lines[-1])):
            return len(lines), len(lines[-1]) + 1  # the error is the end: the text stops short
        row = lines[line - 1]
        while column > 1 and _TOKEN_CHAR.match(row[column - 2]) and _TOKEN_CHAR.match(
                row[column - 1]):
            column -= 1
        return line, max(column, 1)
    except Exception:  # noqa: BLE001 - any other failure: no better position to give
        return None
    return None


def _bracket_error(text: str) -> tuple[int, str, list[str]]:
    """Scan the brackets outside strings, IRIs and comments: (offset of the first closer
    that closes nothing open or the wrong bracket, or -1; why; brackets left open)."""
    opened: list[str] = []
    position = 0
    for match in [*_SKIPPED.finditer(text), None]:
        end = match.start() if match is not None else len(text)
        for at in range(position, end):
            char = text[at]
            if char in _CLOSERS:
                opened.append(char)
            elif char in ")}]":
                if not opened:
                    return at, f"found '{char}' with no bracket open to close", opened
                if _CLOSERS[opened[-1]] != char:
                    return at, f"found '{char}' where a '{_CLOSERS[opened[-1]]}' is missing", opened
                opened.pop()
        if match is not None:
            position = match.end()
    return -1, "", opened


def _what_is_wrong(text: str) -> tuple[int, int, str] | None:
    """(line, column, reason) of a syntax error, in words a person can act on: a bracket
    that does not match, the end coming too early, or the token found where it was."""
    at, reason, opened = _bracket_error(text)
    if at < 0:
        located = _oxigraph_position(text)
        if located is None:
            return None
        line, column = located
        lines = text.split("\n")
        at = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
        if at >= len(text.rstrip()):
            reason = (f"the query ends before its '{_CLOSERS[opened[-1]]}'" if opened
                      else "the query ends too early")
        else:
            word = _TOKEN.match(text, at)
            reason = f"unexpected '{word.group(0) if word else text[at]}'"
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    return line, column, reason


def _syntax_error(text: str, error: ParseBaseException, offset: int) -> QuerySyntaxError:
    """Where the text went wrong, in the user's own lines: the bracket scan and Oxigraph's
    parser find the place (rdflib's often points at the start of the clause), else
    rdflib's own position and message."""
    found = _what_is_wrong(text)
    line, column, reason = found if found is not None else (error.lineno, error.col,
                                                            str(error.msg))
    lines = text.split("\n")
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    pointer = f"\n  {source_line}\n  {' ' * (column - 1)}^" if source_line.strip() else ""
    shown = max(1, line - offset)
    message = f"syntax error at line {shown}, column {column}: {reason}{pointer}"
    return QuerySyntaxError(message, line=shown, column=column)
