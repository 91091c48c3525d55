"""The one escaping of text that comes from a file or the database before a person sees it.

A spreadsheet cell or a stored name may hold characters that drive a terminal instead of
showing: ESC starts a sequence that clears the screen or recolours what follows, ``\\r`` and
backspace overwrite text already shown, U+202E turns the rest of the line around. Such
characters (Unicode control, format, surrogate and line/paragraph separator characters)
become visible escapes: ``\\x1b``, ``\\u202e``, ``\\U000e0041``. Everything else, spaces of
every kind included, stays as it is.
"""

from __future__ import annotations

import re
import unicodedata

#: Control (C0, DEL, C1), format (bidi marks and overrides, zero-width characters, the BOM,
#: tags), surrogates, and the line and paragraph separators U+2028/U+2029.
HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))

#: Every character of ``HIDDEN_CATEGORIES`` from DEL up (JSON escapes C0 itself): DEL, C1,
#: format characters, surrogates, U+2028/U+2029. A test checks it against ``unicodedata``.
_HIDDEN_ABOVE_ASCII = re.compile(
    "[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd"
    "\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


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


def json_escaped(text: str) -> str:
    """JSON text with every hidden character above ASCII written as a ``\\uXXXX`` escape (a
    surrogate pair beyond U+FFFF): the same data when parsed, nothing that drives a terminal
    when printed. Only for JSON text, where such characters stand only inside strings."""
    if text.replace("\n", "").isprintable():  # the usual listing: one quick look (4 % of it)
        return text
    return _HIDDEN_ABOVE_ASCII.sub(_json_escape, text)


def _json_escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
