"""The visit cadence: how often each child must be visited, and when the next visit is due.

Three rules, the shortest wins (DOMAIN.md, "Risk"):

- risk rule: every N days by the child's risk (red 7, orange 14, yellow 30, green 90,
  unassessed 30). For the risks in ``strong_risks`` (red, orange) only the ``strong_modes``
  (home, video, school, station) count; phone and WeChat count for the others.
- left_behind rule: every 30 days while the child is in 农村留守儿童.
- first-visit rule: a child with no visit since the case was opened is due within 5 working
  days (Monday to Friday, counted from the day after the case was opened).

Where the counting starts: each rule counts from the later of the last visit that counts for
it and the day the rule began to apply to this child. For the risk rule that is the day the
case was opened (registration, or reopening) or the day the current risk level took effect;
for the left_behind rule the day the case was opened or the category began. So a child never
visited counts from the registration date, and a child raised to red today is due within 7
days of today, not overdue because of an old visit. The rules are pure functions of dates so
that ``wbz due`` and the monthly report compute the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from wbz_cli.domain.dates import add_years
from wbz_cli.domain.enums import Risk
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.vocab import VisitMode

RISK_KEYS = ("red", "orange", "yellow", "green", "unassessed")

#: The policy as stored (key -> text), in display order, with the station defaults.
DEFAULTS: dict[str, str] = {
    "risk.red": "7",
    "risk.orange": "14",
    "risk.yellow": "30",
    "risk.green": "90",
    "risk.unassessed": "30",
    "left_behind": "30",
    "first_visit_workdays": "5",
    "strong_modes": "home,video,school,station",
    "strong_risks": "red,orange",
    "birthday_days": "30",
    "placement_days": "30",
}

LABELS: dict[str, str] = {
    "risk.red": "红色风险走访间隔（天）",
    "risk.orange": "橙色风险走访间隔（天）",
    "risk.yellow": "黄色风险走访间隔（天）",
    "risk.green": "绿色风险走访间隔（天）",
    "risk.unassessed": "未评估走访间隔（天）",
    "left_behind": "留守儿童走访间隔（天）",
    "first_visit_workdays": "新登记首访时限（工作日）",
    "strong_modes": "高风险儿童认可的走访方式",
    "strong_risks": "只认可上述方式的风险等级",
    "birthday_days": "生日提醒提前天数",
    "placement_days": "临时安置复核天数",
}

# Chinese names a user may type instead of the key.
_KEY_ALIASES: dict[str, str] = {
    **{r.label: f"risk.{r.value}" for r in Risk},
    **{f"{r.label}色": f"risk.{r.value}" for r in Risk if r is not Risk.UNASSESSED},
    **{r.value: f"risk.{r.value}" for r in Risk},
    "留守": "left_behind",
    "留守儿童": "left_behind",
    "首访": "first_visit_workdays",
    "first_visit": "first_visit_workdays",
    "认可方式": "strong_modes",
    "生日提醒": "birthday_days",
    "安置复核": "placement_days",
}
_INT_LIMITS: dict[str, tuple[int, int]] = {
    **{f"risk.{r}": (1, 366) for r in RISK_KEYS},
    "left_behind": (1, 366),
    "first_visit_workdays": (1, 60),
    "birthday_days": (0, 366),
    "placement_days": (1, 366),
}
_LIST_SPLIT = re.compile(r"[\s,，、;；/]+")


@dataclass(frozen=True)
class Policy:
    risk_days: dict[str, int]
    left_behind_days: int
    first_visit_workdays: int
    strong_modes: tuple[str, ...]
    strong_risks: frozenset[str]
    birthday_days: int
    # Derived once in __post_init__: the periods and rule texts next_due uses for every child.
    _risk: dict[str, tuple[timedelta, str]] = field(init=False, repr=False, compare=False)
    _left_behind: tuple[timedelta, str] = field(init=False, repr=False, compare=False)
    _first_reason: str = field(init=False, repr=False, compare=False)

    @classmethod
    def from_settings(cls, stored: dict[str, str]) -> Policy:
        """The policy from stored rows; a missing key takes the default."""
        value = {**DEFAULTS, **stored}
        return cls(
            risk_days={r: int(value[f"risk.{r}"]) for r in RISK_KEYS},
            left_behind_days=int(value["left_behind"]),
            first_visit_workdays=int(value["first_visit_workdays"]),
            strong_modes=tuple(split_list(value["strong_modes"])),
            strong_risks=frozenset(split_list(value["strong_risks"])),
            birthday_days=int(value["birthday_days"]),
        )

    def __post_init__(self) -> None:
        risk = {r: (timedelta(days=d), risk_reason(self, r)) for r, d in self.risk_days.items()}
        object.__setattr__(self, "_risk", risk)
        n = self.left_behind_days
        object.__setattr__(self, "_left_behind", (timedelta(days=n), f"留守儿童每{n}天"))
        object.__setattr__(
            self, "_first_reason", f"新登记{self.first_visit_workdays}个工作日内首访"
        )


def split_list(text: str) -> list[str]:
    return [part for part in _LIST_SPLIT.split(text.strip()) if part]


def policy_key(raw: str) -> str:
    """The policy key named by ``raw`` (its key, or a Chinese name such as 红 or 留守儿童)."""
    text = raw.strip()
    key = text if text in DEFAULTS else _KEY_ALIASES.get(text) or _KEY_ALIASES.get(text.lower())
    if key is None:
        raise InvalidInput(
            f"走访规则项“{text}”不存在，可选：{'、'.join(DEFAULTS)}（用 wbz policy show 查看）"
        )
    return key


def normalise_value(key: str, raw: str) -> str:
    """The text stored for ``key``; refuses values the cadence cannot use."""
    text = raw.strip()
    if key in _INT_LIMITS:
        low, high = _INT_LIMITS[key]
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise InvalidInput(f"{LABELS[key]}应为 {low} 到 {high} 之间的整数，收到“{text}”")
        return str(number)
    parts = split_list(text)
    if key == "strong_modes":
        modes: list[str] = []
        for part in parts:
            mode = VisitMode.parse(part).value
            if mode not in modes:
                modes.append(mode)
        if not modes:
            raise InvalidInput("请至少给出一种走访方式，如 home,video（入户、视频）")
        order = [m.value for m in VisitMode]
        return ",".join(sorted(modes, key=order.index))
    risks: list[str] = []
    for part in parts:
        risk = Risk.parse(part).value
        if risk not in risks:
            risks.append(risk)
    return ",".join(sorted(risks, key=RISK_KEYS.index))


def value_text(key: str, value: str) -> str:
    """A stored value as the user reads it (labels for lists)."""
    if key == "strong_modes":
        return "、".join(VisitMode.parse(v).label for v in split_list(value))
    if key == "strong_risks":
        return "、".join(Risk.parse(v).label for v in split_list(value)) or "无"
    return value


def add_workdays(day: date, count: int) -> date:
    """The ``count``-th working day (Monday-Friday) after ``day``: Friday + 5 is next Friday."""
    result = day
    left = count
    while left > 0:
        result += timedelta(days=1)
        if result.weekday() < 5:
            left -= 1
    return result


class ChildState(NamedTuple):
    """What the cadence needs to know about one active child on one day."""

    case_opened: date
    risk: str
    risk_since: date | None  # when the risk held on the day took effect (None: never set)
    last_visit: date | None  # the last visit of any mode on or before the day
    last_strong_visit: date | None  # the last visit of a strong mode (may be None if unused)
    left_behind_since: date | None  # None when not in left_behind on the day


class Due(NamedTuple):
    next_due: date
    rule: str  # first_visit, risk, left_behind
    reason: str


def risk_reason(policy: Policy, risk: str) -> str:
    days = policy.risk_days[risk]
    if risk == "unassessed":
        text = f"未评估风险每{days}天"
    else:
        text = f"{Risk.parse(risk).label}色风险每{days}天"
    if risk in policy.strong_risks and policy.strong_modes:
        weak = [m.label for m in VisitMode if m.value not in policy.strong_modes]
        if weak:
            text += "（" + "/".join(weak) + "不计）"
    return text


def next_due(policy: Policy, child: ChildState) -> Due:
    """The date the child's next visit is due and the rule that set it: the earliest date
    wins; on a tie the first-visit rule, then the risk rule, names the reason."""
    opened, risk, risk_since, last, last_strong, left_behind_since = child
    if last is not None and last < opened:
        last = None  # a visit before the case was (re)opened does not count
    period, reason = policy._risk[risk]
    start = last_strong if risk in policy.strong_risks else last
    if start is None or start < opened:
        start = opened
    if risk_since is not None and risk_since > start:
        start = risk_since
    best = Due(start + period, "risk", reason)
    if last is None:
        first = add_workdays(opened, policy.first_visit_workdays)
        if first <= best.next_due:
            best = Due(first, "first_visit", policy._first_reason)
    if left_behind_since is not None:
        period, reason = policy._left_behind
        start = max(opened, left_behind_since, last or opened) + period
        if start < best.next_due:
            best = Due(start, "left_behind", reason)
    return best


def not_due_after(policy: Policy, horizon: date) -> tuple[dict[str, date], date]:
    """Dates after which a visit keeps a child off the list up to ``horizon``.

    Every rule counts from a day no earlier than the visit that counts for it, so a child
    with a visit since its case opened cannot be due by ``horizon`` when its last visit that
    counts for its risk is after ``risk[risk]`` and, if it is left_behind, its last visit is
    after ``left_behind``. Lets the store skip most children before ``next_due`` runs."""
    risk = {r: horizon - timedelta(days=d) for r, d in policy.risk_days.items()}
    return risk, horizon - timedelta(days=policy.left_behind_days)


@dataclass(frozen=True)
class Birthday:
    day: date
    kind: str  # birthday16, birthday18
    reason: str


def birthday_alerts(
    policy: Policy, birth: date, today: date, *, under16_category: str | None
) -> list[Birthday]:
    """16th and 18th birthdays from ``today`` to ``today + birthday_days`` inclusive.

    The 16th only matters while the child is left_behind or migrant (``under16_category``
    names the one held today): that category ends on the birthday. The 18th always does: the
    case must be reviewed (closed, or kept as an adult student)."""
    horizon = today + timedelta(days=policy.birthday_days)
    found: list[Birthday] = []
    sixteen = add_years(birth, 16)
    if under16_category and today <= sixteen <= horizon:
        found.append(
            Birthday(
                sixteen,
                "birthday16",
                f"年满16周岁，{under16_category}身份结束",
            )
        )
    eighteen = add_years(birth, 18)
    if today <= eighteen <= horizon:
        found.append(Birthday(eighteen, "birthday18", "年满18周岁，需复核个案"))
    return found
