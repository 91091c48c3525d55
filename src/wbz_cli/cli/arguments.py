"""Command-line arguments that are not valid UTF-8, found before any command runs.

On Linux, Python hands over the bytes of an argument that is not UTF-8 (typed in a GBK
terminal, pasted from a file in another encoding) as lone surrogates; such text can be
neither stored nor printed, so every command would fail at its first write.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

_SURROGATE = re.compile("[\ud800-\udfff]")
#: Environment variables read as text (WBZ_DB is a path: any bytes a file name holds work).
TEXT_VARIABLES = ("WBZ_OPERATOR",)


def is_undecodable(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def undecodable_argument(args: Sequence[str]) -> str | None:
    """The name of the first argument that is not valid UTF-8 (参数 --notes, or its position),
    or None when all are."""
    for i, arg in enumerate(args):
        if not is_undecodable(arg):
            continue
        if arg.startswith("--") and "=" in arg:
            return f"参数 {arg.split('=', 1)[0]}"
        if i > 0 and args[i - 1].startswith("-") and not is_undecodable(args[i - 1]):
            return f"参数 {args[i - 1]}"
        return f"第 {i + 1} 个参数"
    for name in TEXT_VARIABLES:
        if is_undecodable(os.environ.get(name, "")):
            return f"环境变量 {name}"
    return None


def undecodable_message(label: str) -> str:
    return (
        f"{label} 含有无法识别的字符（不是有效的 UTF-8），请检查输入法或文件编码；"
        "本次没有做任何修改"
    )
