"""Text bound for a terminal, with its control characters made visible.

Labels, identifiers and a remote endpoint's error messages come from data nobody here wrote;
an escape sequence among them would act on the reader's terminal (write the clipboard, set
the window title, hide a link, clear the screen) and a right-to-left override would reorder
what she reads. Every line the CLI prints passes through :func:`visible`.

>>> visible("cramp\\x1b]52;c;aGk=\\x07")
'cramp\\\\x1b]52;c;aGk=\\\\x07'
>>> visible("a,b\\r\\nc\\td\\n")
'a,b\\r\\nc\\td\\n'
>>> visible("abc\\u202edcba")
'abc\\\\u202edcba'
"""

from __future__ import annotations

import re

__all__ = ["visible"]

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    "|\r(?!\n)")
"""C0 and C1 controls (tab, line feed and a CRLF's carriage return kept: CSV ends lines with
CRLF), DEL, and the bidirectional marks and overrides."""


def visible(text: str) -> str:
    """``text`` with each control character written as its escape (``\\x1b``, ``\\u202e``)."""
    return _INVISIBLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
