"""Header synonyms of the sheets wbz reads (rosters, visit sheets, subsidy sheets, other
departments' lists): the packaged ones (wbz_cli/data/*_headers.json), extended by a station's
own ``--mapping`` file. Kept apart from the importers so that reading them loads nothing else."""

from __future__ import annotations

import json
import pkgutil
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.limits import check_json_size


@lru_cache(maxsize=8)
def packaged_headers(name: str) -> dict[str, list[str]]:
    """The synonyms by field in wbz_cli/data/``name`` (keys starting with ``_`` are notes).
    Read by pkgutil, which the store's migrations load anyway (importlib.resources would bring
    in zipfile and tempfile: a few ms of every command)."""
    raw = pkgutil.get_data("wbz_cli", f"data/{name}")
    assert raw is not None, f"wbz_cli/data/{name} is missing from the package"
    return {k: list(v) for k, v in json.loads(raw).items() if not k.startswith("_")}


def header_fields(mapping: Path | None, defaults: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Synonyms by field: ``defaults`` extended by a station's own JSON file
    ``{"field": ["列名", ...]}``."""
    fields = {k: list(v) for k, v in defaults.items()}
    if mapping is None:
        return fields
    if not mapping.is_file():  # missing, or a device or pipe that may never end
        raise InvalidInput(f"找不到列名对照文件“{mapping}”")
    check_json_size(mapping, "列名对照文件")
    try:
        extra = json.loads(mapping.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(
            f"列名对照文件“{mapping.name}”不是 UTF-8 编码：请用记事本另存为 UTF-8 后再试"
        ) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"列名对照文件“{mapping.name}”不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列"
            '有误）：格式如 {"community": ["所属村居"], "id_number": ["身份证"]}'
        ) from None
    if not isinstance(extra, dict):
        raise InvalidInput('列名对照文件应为 JSON 对象，如 {"community": ["所属村居"]}')
    for key, synonyms in extra.items():
        if key.startswith("_"):
            continue
        if key not in fields:
            raise InvalidInput(f"列名对照文件中的字段“{key}”不存在，可用字段：{'、'.join(fields)}")
        items = [synonyms] if isinstance(synonyms, str) else synonyms
        if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
            raise InvalidInput(f"列名对照文件中“{key}”的值应为列名列表")
        fields[key] = [*items, *fields[key]]
    return fields
