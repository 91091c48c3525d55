"""The bulk row parser gives exactly what ``parse_roster_row`` gives: the same child, or the
same refusal with the same message, for valid rows, odd cells and short rows alike."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import make_id
from tests.domain.test_roster_row import CELL, DATE_TEXT, FIELDS, ID_TEXT, TODAY

from wbz_cli.domain.errors import WbzError
from wbz_cli.domain.roster import RowParser, parse_roster_row

ON = date(2026, 10, 1)
REQUIRED = ("name", "id_number", "categories")  # open_table finds them, or refuses the file
GOOD_ID = st.builds(
    lambda b, s: make_id(b.isoformat(), s),
    st.dates(min_value=date(2007, 1, 1), max_value=date(2026, 11, 24)),
    st.integers(min_value=0, max_value=999),
)
# cells as rosters hold them, valid or nearly so, mixed with any cell at all
TEXT = st.one_of(
    st.sampled_from(["", " ", "王小明", "欧阳 娜娜", "张\u3000三", "李四\t", "x" * 51, "孤儿",
                     "困境儿童、留守儿童", "流动儿童,残疾", "男", "女", "m", "13812345678",
                     " 13812345678", "021-12345678", "+86 13812345678", "１３８１２３４５６７８",
                     "华阳路 1 弄", "  华阳路2号  ", "路\u3000号", "a" * 201, "父亲", "red", "红",
                     "低保", "dibao", "重病", "2015-06-01", "2026-11-25", "2026年1月1日"]),
    st.text(max_size=12),
)  # fmt: skip
CELLS = st.one_of(TEXT, CELL, DATE_TEXT, GOOD_ID, ID_TEXT)


def _slow(cells: dict[str, object], on: date) -> object:
    return parse_roster_row(cells, on=on, today=TODAY)


def _outcome(parse: object, *args: object) -> object:
    try:
        return parse(*args)  # type: ignore[operator]
    except WbzError as exc:
        return (type(exc), exc.message)


@settings(max_examples=600, deadline=None)
@given(
    st.permutations(FIELDS).flatmap(
        lambda order: st.tuples(
            st.just(order),
            st.lists(CELLS, min_size=0, max_size=len(order) + 1),
            st.sets(st.sampled_from([f for f in FIELDS if f not in REQUIRED])),
        )
    ),
    GOOD_ID,
    st.sampled_from([ON, TODAY]),
)
def test_the_bulk_parser_agrees_with_parse_roster_row(table: tuple, good: str, on: date) -> None:
    order, raw, left_out = table  # the required columns and some others, in any order
    fields = [f for f in order if f not in left_out]
    raw = list(raw)
    columns = {key: i for i, key in enumerate(fields)}
    if len(raw) > columns["id_number"] and len(raw) % 3:
        raw[columns["id_number"]] = good  # most rows get a valid ID number, to go further
    parser = RowParser(columns, on=on, today=TODAY)
    cells = parser.cells(raw)
    expected = _outcome(_slow, cells, on)
    assert _outcome(parser.parse, raw) == expected
    assert _outcome(parser.parse, raw) == expected  # the second time from the memos


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {"name": st.sampled_from(["王小明", " 李 四 ", "张\u3000三"]), "id_number": GOOD_ID,
         "categories": st.sampled_from(["孤儿", "困境儿童、留守儿童", "流动儿童", ""])},
        optional={f: TEXT for f in FIELDS if f not in REQUIRED},
    )
)  # fmt: skip
def test_the_bulk_parser_agrees_on_rows_that_are_nearly_valid(cells: dict) -> None:
    columns = {key: i for i, key in enumerate(cells)}
    raw = list(cells.values())
    parser = RowParser(columns, on=ON, today=TODAY)
    expected = _outcome(_slow, cells, ON)
    assert _outcome(parser.parse, raw) == expected


@st.composite
def roster_rows(draw: st.DrawFn) -> tuple[dict[str, int], list[object]]:
    """Rows as a big roster holds them: mostly valid, in every date format, now and then a
    cell that is wrong, blank or of another type."""
    birth = draw(st.dates(min_value=date(2007, 6, 1), max_value=date(2026, 11, 24)))
    seq = draw(st.integers(min_value=0, max_value=999))
    boy = seq % 2 == 1
    serial = float((birth - date(1899, 12, 30)).days)
    cells: dict[str, object] = {
        "name": draw(st.sampled_from(["王小明", "欧阳娜娜", " 李 四", "张\u3000三", "x" * 50])),
        "id_number": make_id(birth.isoformat(), seq),
        "categories": draw(
            st.sampled_from(
                ["孤儿", "困境儿童、留守儿童", "流动儿童,残疾", "事实无人抚养儿童", "困难儿童"]
            )
        ),
        "gender": draw(st.sampled_from(["", None, "男" if boy else "女", "F" if boy else "M"])),
        "birth_date": draw(
            st.sampled_from(
                [
                    birth.isoformat(),
                    f"{birth.year}.{birth.month}.{birth.day}",
                    birth,
                    serial,
                    f"{birth.year}年{birth.month}月{birth.day}日",
                    f"{birth:%Y%m%d}",
                    "",
                    None,
                    "2007-06-01",
                    date(2026, 11, 24),
                ]
            )
        ),
        "community": draw(st.sampled_from(["华阳居民区", " 飞乐居民区 ", "", None, "秀水"])),
        "guardian": draw(st.sampled_from(["王大明", "欧阳 娜", "", None, "  "])),
        "relation": draw(st.sampled_from(["父亲", "母亲", "", None])),
        "guardian_phone": draw(
            st.sampled_from(
                ["13812345678", "021-12345678", " 13812345678", "", None, 13812345678.0]
            )
        ),
        "address": draw(st.sampled_from(["华阳路1弄2号", " 华阳路 3 号 ", "", None, "路\u3000号"])),
        "subtype": draw(st.sampled_from(["", None, "重病"])),
        "risk": draw(st.sampled_from(["", "red", "黄", None])),
        "worker": draw(st.sampled_from(["李主任", "", None])),
        "income_status": draw(st.sampled_from(["低保", "none", "", None])),
        "guardian_situation": draw(st.sampled_from(["", None, "服刑"])),
        "registered_on": draw(st.sampled_from(["", None, "2026-01-05", birth.isoformat()])),
    }
    left_out = draw(st.sets(st.sampled_from([f for f in FIELDS if f not in REQUIRED])))
    for key in left_out:
        del cells[key]
    odd = draw(st.sampled_from([None, *cells]))  # one cell of any kind, now and then
    if odd is not None and draw(st.booleans()):
        cells[odd] = draw(CELLS)
    order = draw(st.permutations(list(cells)))
    return {key: i for i, key in enumerate(order)}, [cells[key] for key in order]


@settings(max_examples=800, deadline=None)
@given(st.lists(roster_rows(), min_size=1, max_size=6), st.sampled_from([ON, TODAY]))
def test_the_bulk_parser_agrees_on_roster_like_rows(rows: list, on: date) -> None:
    parsers: dict[tuple[tuple[str, int], ...], RowParser] = {}
    for columns, raw in rows:  # one parser per layout, its memos shared by its rows
        parser = parsers.setdefault(tuple(columns.items()), RowParser(columns, on=on, today=TODAY))
        cells = parser.cells(raw)
        expected = _outcome(_slow, cells, on)
        assert _outcome(parser.parse, raw) == expected
