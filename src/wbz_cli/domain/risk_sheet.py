"""The risk assessment sheet (风险评估表) and its scoring.

A sheet (shipped as ``data/risk_assessment.json``; a county may use its own) has areas of
scored items, emergency items and score bands. The result is the band of the total score,
except that any emergency item answered yes (active violence, trafficking, running away,
danger to life) makes it red at once. Items not answered score 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wbz_cli.domain.enums import Risk
from wbz_cli.domain.errors import InvalidInput

_YES = {"1", "true", "yes", "y", "是", "有", "√"}
_NO = {"0", "false", "no", "n", "否", "无", ""}


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    area: str
    max: int


@dataclass(frozen=True)
class Sheet:
    name: str
    version: str
    areas: tuple[tuple[str, str], ...]  # (key, label)
    items: tuple[Item, ...]
    emergency: tuple[tuple[str, str], ...]  # (key, label)
    bands: tuple[tuple[int, str], ...]  # (min score, risk), highest first
    scale: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.name} {self.version}".strip()

    @property
    def max_score(self) -> int:
        return sum(i.max for i in self.items)

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)

    def keys_text(self) -> str:
        return "、".join([i.key for i in self.items] + [k for k, _ in self.emergency])


def _bad(message: str) -> InvalidInput:
    return InvalidInput(f"评估表格式不对：{message}")


def load_sheet(data: Any) -> Sheet:
    """Check a sheet read from JSON; every problem is one line naming what to fix."""
    if not isinstance(data, dict):
        raise _bad("应为一个 JSON 对象")
    areas: list[tuple[str, str]] = []
    items: list[Item] = []
    seen: set[str] = set()
    for area in data.get("areas") or []:
        if not isinstance(area, dict) or not area.get("key") or not area.get("items"):
            raise _bad("每个 areas 元素需要 key 和 items")
        areas.append((str(area["key"]), str(area.get("label") or area["key"])))
        for raw in area["items"]:
            key = str(raw.get("key") or "") if isinstance(raw, dict) else ""
            if not key or key in seen:
                raise _bad(f"评估项 key“{key}”为空或重复")
            top = raw.get("max", 3)
            if not isinstance(top, int) or isinstance(top, bool) or top < 1:
                raise _bad(f"评估项 {key} 的 max 应为正整数")
            seen.add(key)
            items.append(Item(key, str(raw.get("label") or key), areas[-1][0], top))
    if not items:
        raise _bad("没有评估项（areas[].items）")
    emergency: list[tuple[str, str]] = []
    for raw in data.get("emergency") or []:
        key = str(raw.get("key") or "") if isinstance(raw, dict) else ""
        if not key or key in seen:
            raise _bad(f"紧急情形 key“{key}”为空或重复")
        seen.add(key)
        emergency.append((key, str(raw.get("label") or key)))
    bands: list[tuple[int, str]] = []
    for raw in data.get("bands") or []:
        risk = raw.get("risk") if isinstance(raw, dict) else None
        low = raw.get("min") if isinstance(raw, dict) else None
        if risk not in ("red", "orange", "yellow", "green") or not isinstance(low, int):
            raise _bad("bands 每项需要 risk（red/orange/yellow/green）和整数 min")
        bands.append((low, risk))
    bands.sort(reverse=True)
    if not bands or bands[-1][0] != 0 or len({b[0] for b in bands}) != len(bands):
        raise _bad("bands 的 min 不能重复，且最低一档的 min 应为 0")
    scale = data.get("scale") if isinstance(data.get("scale"), dict) else {}
    return Sheet(
        name=str(data.get("name") or "风险评估表"),
        version=str(data.get("version") or ""),
        areas=tuple(areas),
        items=tuple(items),
        emergency=tuple(emergency),
        bands=tuple(bands),
        scale={str(k): str(v) for k, v in (scale or {}).items()},
    )


@dataclass(frozen=True)
class Scored:
    risk: str
    score: int
    max_score: int
    by_area: dict[str, int]
    emergency: tuple[str, ...]
    answers: dict[str, int]  # every item and emergency item, unanswered ones as 0
    unanswered: tuple[str, ...]


def parse_answers(sheet: Sheet, raw: dict[str, Any]) -> dict[str, int]:
    """Answers given as {key: score}; emergency items as yes/no (1/0, 是/否)."""
    emergency_keys = {k for k, _ in sheet.emergency}
    out: dict[str, int] = {}
    for key, value in raw.items():
        key = str(key).strip()
        item = sheet.item(key)
        if key in emergency_keys:
            text = str(value).strip().lower()
            if text in _YES:
                out[key] = 1
            elif text in _NO or value is False or value is None:
                out[key] = 0
            else:
                raise InvalidInput(f"紧急情形 {key} 应填 是/否（1/0），不是“{value}”")
        elif item is not None:
            out[key] = _score(item, value)
        else:
            raise InvalidInput(f"评估项“{key}”不在评估表中，可用：{sheet.keys_text()}")
    return out


def _score(item: Item, value: Any) -> int:
    if isinstance(value, bool):
        value = int(value)
    text = str(value).strip()
    if not text.isdigit() or not 0 <= int(text) <= item.max:
        raise InvalidInput(
            f"评估项 {item.key}（{item.label}）的分数应为 0 到 {item.max} 的整数，不是“{value}”"
        )
    return int(text)


def score(sheet: Sheet, raw: dict[str, Any]) -> Scored:
    given = parse_answers(sheet, raw)
    answers = {i.key: given.get(i.key, 0) for i in sheet.items}
    answers.update({k: given.get(k, 0) for k, _ in sheet.emergency})
    by_area = {key: 0 for key, _ in sheet.areas}
    for item in sheet.items:
        by_area[item.area] += answers[item.key]
    total = sum(by_area.values())
    emergency = tuple(k for k, _ in sheet.emergency if answers[k])
    risk = Risk.RED.value if emergency else next(r for low, r in sheet.bands if total >= low)
    unanswered = tuple(k for k in answers if k not in given)
    return Scored(risk, total, sheet.max_score, by_area, emergency, answers, unanswered)
