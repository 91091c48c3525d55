"""The one escaping of text that comes from a file or the database before a person sees it.

A spreadsheet cell or a stored name may hold characters that drive a terminal instead of
showing: ESC starts a sequence that clears the screen or recolours what follows, ``\\r`` and
backspace overwrite text already shown, U+202E turns the rest of the line around. Such
characters (Unicode control, format, surrogate and line/paragraph separator characters)
become visible escapes: ``\\x1b``, ``\\u202e``, ``\\U000e0041``. Everything else, spaces of
every kind included, stays as it is.
"""

from __future__ import annotations

import unicodedata

#: Control (C0, DEL, C1), format (bidi marks and overrides, zero-width characters, the BOM,
#: tags), surrogates, and the line and paragraph separators U+2028/U+2029.
HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def printable(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every character of ``HIDDEN_CATEGORIES`` escaped.

    ``keep_lines``: line breaks and tabs stay (a note of several lines in a table cell or a
    spreadsheet cell); ``\\r\\n`` becomes ``\\n``. Without it the result is one line."""
    if text.isprintable():  # the usual text: one quick look, no copy
        return text
    if keep_lines:
        text = text.replace("\r\n", "\n")
        return "".join(ch if ch in "\n\t" else _shown(ch) for ch in text)
    return "".join(map(_shown, text))


def _shown(ch: str) -> str:
    if ch.isprintable() or unicodedata.category(ch) not in HIDDEN_CATEGORIES:
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
