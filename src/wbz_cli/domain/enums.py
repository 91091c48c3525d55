"""Enumerations with Chinese labels. Every enum accepts its key, its label or an alias."""

from __future__ import annotations

from enum import Enum
from typing import Self

from wbz_cli.domain.errors import InvalidInput


class LabeledEnum(str, Enum):
    """A ``str`` enum whose members carry a Chinese label and optional aliases.

    Members are declared as ``KEY = ("key", "标签", ("别名", ...))``; a subclass's docstring is
    the field's Chinese name, used in messages.
    """

    label: str
    aliases: tuple[str, ...]

    def __new__(cls, key: str, label: str, aliases: tuple[str, ...] = ()) -> Self:
        obj = str.__new__(cls, key)
        obj._value_ = key
        obj.label = label
        obj.aliases = aliases
        return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def title(cls) -> str:
        """The field's Chinese name, taken from the class docstring."""
        return (cls.__doc__ or cls.__name__).strip()

    @classmethod
    def choices_text(cls) -> str:
        return "、".join(f"{m.value}（{m.label}）" for m in cls)

    @classmethod
    def of(cls, key: str) -> Self:
        """The member stored as ``key`` (its key only: a value read back from the file)."""
        return cls._value2member_map_[key]  # type: ignore[return-value]

    @classmethod
    def parse(cls, text: object) -> Self:
        """Return the member named by ``text``: its key (any case), label or alias."""
        if isinstance(text, cls):
            return text
        raw = str(text if text is not None else "").strip().replace("\u3000", "")
        lookup = _lookup_table(cls)
        member = lookup.get(raw) or lookup.get(raw.lower())
        if member is None:
            raise InvalidInput(f"{cls.title()}“{raw}”无效，可选：{cls.choices_text()}")
        return member  # type: ignore[return-value]


_LOOKUPS: dict[type, dict[str, LabeledEnum]] = {}


def _lookup_table(cls: type[LabeledEnum]) -> dict[str, LabeledEnum]:
    table = _LOOKUPS.get(cls)
    if table is None:
        table = {}
        for m in cls:
            table[m.value] = m
            table[m.value.lower()] = m
            table[m.label] = m
            for alias in m.aliases:
                table[alias] = m
        _LOOKUPS[cls] = table
    return table


class Category(LabeledEnum):
    """儿童类别"""

    ORPHAN = ("orphan", "孤儿")
    DE_FACTO_UNSUPPORTED = ("de_facto_unsupported", "事实无人抚养儿童", ("事实无人抚养",))
    DIFFICULT = ("difficult", "困境儿童", ("困境",))
    LOW_INCOME = ("low_income", "困难儿童", ("困难",))
    LEFT_BEHIND = ("left_behind", "农村留守儿童", ("留守儿童", "留守"))
    MIGRANT = ("migrant", "流动儿童", ("流动",))
    DISABLED = ("disabled", "残疾儿童", ("残疾",))
    OTHER = ("other", "其他需关注儿童", ("其他", "其他儿童"))


class DifficultSubtype(LabeledEnum):
    """困境类型"""

    POVERTY = ("poverty", "家庭经济困难", ("贫困", "经济困难"))
    DISABILITY = ("disability", "自身残疾", ("残疾",))
    GUARDIANSHIP = ("guardianship", "监护缺失或不当", ("监护缺失", "监护不当"))


class Risk(LabeledEnum):
    """风险等级"""

    RED = ("red", "红", ("红色", "高", "高风险"))
    ORANGE = ("orange", "橙", ("橙色", "中高", "中高风险"))
    YELLOW = ("yellow", "黄", ("黄色", "中低", "中低风险"))
    GREEN = ("green", "绿", ("绿色", "低", "低风险"))
    UNASSESSED = ("unassessed", "未评估", ("待评估",))


class Gender(LabeledEnum):
    """性别"""

    MALE = ("M", "男", ("male", "m"))
    FEMALE = ("F", "女", ("female", "f"))


class CaseStatus(LabeledEnum):
    """状态"""

    ACTIVE = ("active", "在册", ("在档", "正常"))
    CLOSED = ("closed", "已退出", ("退出", "已结案", "结案"))


class CloseReason(LabeledEnum):
    """退出原因"""

    AGED_OUT = ("aged_out", "年满18周岁", ("满18周岁", "成年"))
    MOVED = ("moved", "迁出", ("户籍迁出", "搬迁"))
    NO_LONGER_ELIGIBLE = ("no_longer_eligible", "不再符合条件", ("不符合条件",))
    DECEASED = ("deceased", "死亡", ("去世",))
    OTHER = ("other", "其他")


class IncomeStatus(LabeledEnum):
    """家庭经济状况"""

    DIBAO = ("dibao", "低保", ("低保户", "最低生活保障"))
    LOW_INCOME = ("low_income", "低收入", ("低边", "低收入家庭"))
    EXTREME_POVERTY = ("extreme_poverty", "特困", ("特困供养", "特困人员"))
    NONE = ("none", "无", ("一般", "否", ""))


class GuardianSituation(LabeledEnum):
    """监护人状况"""

    AT_HOME = ("at_home", "在家", ("在家照护",))
    AWAY_FOR_WORK = ("away_for_work", "外出务工", ("外出", "务工"))
    IN_CUSTODY = ("in_custody", "服刑", ("服刑在押", "在押", "羁押", "强制隔离戒毒"))
    OUT_OF_CONTACT = ("out_of_contact", "失联", ("下落不明",))
    SERIOUSLY_ILL = ("seriously_ill", "重病", ("重病患者",))
    DISABLED = ("disabled", "残疾", ("重残", "重度残疾"))
    DECEASED = ("deceased", "死亡", ("去世", "已故"))
    OTHER = ("other", "其他")
