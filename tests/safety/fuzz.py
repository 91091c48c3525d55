"""Random values for every command's options, for the bad-input tests.

``COMMANDS`` maps a command (its words after ``wbz``) to a ``Spec``: positional argument
strategies and option strategies. A new command is covered by adding one entry; a new
option by adding one key. ``invocation(spec)`` draws a command line from a spec.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st
from tests.conftest import make_id

FORMULA = '=HYPERLINK("http://x","点我")'
SPECIAL = [
    "",
    " ",
    "\u3000",
    FORMULA,
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1+1",
    "0",
    "9" * 40,
    "-9" * 20,
    "1e308",
    "NaN",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "1900-01-01",
    "2026/2/29",
    "20260230",
    "2026-11-24T25:61",
    "'; DROP TABLE children; --",
    "%",
    "_",
    "\\",
    '"',
    "\x1b[31m红\x1b[0m",
    "\r\n",
    "\x07\x08",
    "\u202e逆序",
    "\ufeff",
    "\ud7ff",
    "𠀀𪚥",
    "ｃ０００００１",
    "C000001",
    "c000001",
    "C999999",
    "H000001",
    "C" + "0" * 300,
    "x" * 5000,
]
#: Unicode text including control characters (but no NUL and no lone surrogates, which no
#: command line can carry).
TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
)
NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    TEXT,
)
DATE = st.one_of(st.dates().map(lambda d: d.isoformat()), TEXT)
ID = st.one_of(
    st.dates(min_value=__import__("datetime").date(1990, 1, 1)).map(
        lambda d: make_id(d.isoformat(), 11)
    ),
    st.just(make_id("2015-06-01", 11)),
    st.just("3.20111E+17"),
    TEXT,
)
CHILD = st.one_of(st.sampled_from(["C000001", "C000002", make_id("2015-06-01", 11)]), TEXT, ID)
HOUSEHOLD = st.one_of(st.sampled_from(["H000001", "h000002", "H9"]), TEXT)
CATEGORY = st.one_of(
    st.sampled_from(["orphan", "孤儿", "留守儿童", "left_behind", "migrant", "difficult"]), TEXT
)
RISK = st.one_of(st.sampled_from(["red", "橙", "green", "unassessed"]), TEXT)
FORMAT = st.sampled_from(["table", "json", "csv", "xlsx", "", FORMULA])
#: Files are drawn inside the current (temporary) folder, never an absolute path.
PATH = TEXT.map(lambda t: "fuzz-" + t.replace("/", "_").replace("\\", "_")[:60])
FLAG = st.just(None)
MONTH = st.one_of(st.sampled_from(["2026-10", "2026-13", "2027-01", "1900-01", "2026年10月"]), TEXT)
LEAD = st.one_of(st.sampled_from(["L000001", "l000001", "L999999"]), TEXT)
MONEY = st.one_of(st.sampled_from(["1200.50", "1,200.5元", "0.001", "-5", "1e9", "NaN"]), NUMBER)
WITH_3 = frozenset({0, 1, 2, 3})


@dataclass(frozen=True)
class Spec:
    args: tuple[st.SearchStrategy[str], ...] = ()
    options: dict[str, st.SearchStrategy[str | None]] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    repeatable: tuple[str, ...] = ()
    exit_codes: frozenset[int] = frozenset({0, 1, 2})


COMMANDS: dict[str, Spec] = {
    "init": Spec(
        options={
            "--station": TEXT, "--district": TEXT, "--district-key": PATH,
            "--follow-up-days": NUMBER,
        }
    ),
    "register": Spec(
        options={
            "--name": TEXT, "--id-number": ID, "--category": CATEGORY, "--subtype": TEXT,
            "--community": TEXT, "--guardian": TEXT, "--relation": TEXT,
            "--guardian-phone": NUMBER, "--guardian-situation": TEXT, "--address": TEXT,
            "--income-status": TEXT, "--household": HOUSEHOLD, "--risk": RISK,
            "--worker": TEXT, "--on": DATE, "--format": FORMAT,
        },
        required=("--name", "--id-number"),
        repeatable=("--category",),
    ),
    "children": Spec(
        options={
            "--category": CATEGORY, "--community": TEXT, "--worker": TEXT, "--risk": RISK,
            "--status": TEXT, "--as-of": DATE, "--reveal": FLAG, "--format": FORMAT,
        }
    ),
    "show": Spec(
        args=(CHILD,),
        options={
            "--reveal": FLAG, "--format": FORMAT, "--out": PATH, "--force": FLAG,
            "--template": PATH, "--all": FLAG,
        },
    ),
    "update": Spec(
        args=(CHILD,),
        options={
            "--add-category": CATEGORY, "--end-category": CATEGORY, "--subtype": TEXT,
            "--risk": RISK, "--community": TEXT, "--worker": TEXT, "--name": TEXT,
            "--household": HOUSEHOLD, "--on": DATE, "--reveal": FLAG, "--format": FORMAT,
            "--registered-on": DATE, "--case-start": DATE, "--id-number": ID,
            "--category-start": st.one_of(st.builds("{}={}".format, CATEGORY, DATE), TEXT),
        },
        repeatable=("--add-category", "--end-category", "--category-start"),
    ),
    "close": Spec(args=(CHILD,), options={"--reason": TEXT, "--on": DATE}, required=("--reason",)),
    "reopen": Spec(args=(CHILD,), options={"--on": DATE}),
    "household list": Spec(options={"--community": TEXT, "--reveal": FLAG, "--format": FORMAT}),
    "household show": Spec(
        args=(HOUSEHOLD,),
        options={
            "--reveal": FLAG, "--format": FORMAT, "--out": PATH, "--force": FLAG,
            "--template": PATH,
        },
    ),
    "household update": Spec(
        args=(HOUSEHOLD,),
        options={"--address": TEXT, "--community": TEXT, "--income-status": TEXT},
    ),
    "household add-guardian": Spec(
        args=(HOUSEHOLD,),
        options={
            "--name": TEXT, "--relation": TEXT, "--phone": NUMBER, "--situation": TEXT,
            "--id-number": ID, "--primary": FLAG,
        },
        required=("--name",),
    ),
    "backup": Spec(args=(PATH,), options={"--encrypt": FLAG, "--force": FLAG}),
    "restore": Spec(args=(PATH,), options={"--yes": FLAG}),
    "doctor": Spec(options={"--format": FORMAT}, exit_codes=frozenset({0, 1, 2, 3})),
    "audit": Spec(
        options={
            "--record": CHILD, "--operator": TEXT, "--action": TEXT, "--from": DATE,
            "--to": DATE, "--limit": NUMBER, "--reveal": FLAG, "--format": FORMAT,
        },
        repeatable=("--action",),
    ),
    "consent": Spec(
        args=(CHILD,),
        options={
            "--by": TEXT, "--on": DATE, "--exempt": TEXT, "--withdraw": FLAG, "--reason": TEXT,
            "--format": FORMAT,
        },
    ),
    "purge": Spec(
        options={"--closed-before": DATE, "--yes": FLAG, "--dry-run": FLAG, "--format": FORMAT},
        required=("--closed-before",),
    ),
    "report monthly": Spec(
        options={
            "--month": MONTH, "--format": FORMAT, "--out": PATH, "--template": PATH,
            "--by": TEXT, "--reveal": FLAG, "--quiet": FLAG, "--force": FLAG, "--encrypt": FLAG,
        },
        required=("--month",),
    ),
    "report range": Spec(
        options={
            "--from": DATE, "--to": DATE, "--format": FORMAT, "--out": PATH, "--template": PATH,
            "--by": TEXT, "--reveal": FLAG, "--quiet": FLAG, "--force": FLAG, "--encrypt": FLAG,
        },
        required=("--from", "--to"),
    ),
    "refer add": Spec(
        args=(CHILD,),
        options={
            "--type": TEXT, "--source": TEXT, "--on": DATE, "--to": TEXT, "--agency-type": TEXT,
            "--mandatory": FLAG, "--summary": TEXT, "--reference": TEXT,
            "--source-agency": TEXT, "--format": FORMAT,
        },
        required=("--type", "--source"),
    ),
    "refer link": Spec(args=(LEAD, CHILD), options={"--replace": FLAG}),
    "refer move": Spec(
        args=(LEAD,),
        options={
            "--status": TEXT, "--on": DATE, "--agency": TEXT, "--agency-type": TEXT,
            "--note": TEXT,
        },
        required=("--status",),
    ),
    "refer undo": Spec(
        args=(LEAD,), options={"--reason": TEXT, "--on": DATE}, required=("--reason",)
    ),
    "refer show": Spec(args=(LEAD,), options={"--format": FORMAT}),
    "refer list": Spec(
        options={
            "--status": TEXT, "--type": TEXT, "--agency": TEXT, "--agency-type": TEXT,
            "--child": CHILD, "--from": DATE, "--to": DATE, "--mandatory": FLAG,
            "--overdue": FLAG, "--format": FORMAT,
        },
        exit_codes=WITH_3,
    ),
    "refer policy show": Spec(options={"--as-of": DATE, "--format": FORMAT}),
    "refer policy set": Spec(args=(TEXT, NUMBER), options={"--working": FLAG, "--on": DATE}),
    "resource add": Spec(
        options={
            "--kind": TEXT, "--name": TEXT, "--phone": NUMBER, "--specialty": TEXT,
            "--notes": TEXT, "--on": DATE,
        },
        required=("--kind", "--name"),
    ),
    "resource list": Spec(
        options={"--kind": TEXT, "--all": FLAG, "--reveal": FLAG, "--format": FORMAT}
    ),
    "resource remove": Spec(args=(TEXT,), options={"--on": DATE}),
    "service add": Spec(
        args=(CHILD,),
        options={
            "--type": TEXT, "--on": DATE, "--provider": TEXT, "--hours": NUMBER,
            "--plan": TEXT, "--notes": TEXT, "--pair": TEXT, "--project": TEXT,
        },
        required=("--type",),
    ),
    "service list": Spec(
        args=(CHILD,),
        options={
            "--from": DATE, "--to": DATE, "--type": TEXT, "--format": FORMAT, "--all": FLAG,
        },
    ),
    "subsidy add": Spec(
        args=(CHILD,),
        options={"--type": TEXT, "--month": MONTH, "--amount": MONEY, "--again": FLAG},
        required=("--type", "--month", "--amount"),
    ),
    "subsidy run": Spec(
        options={"--month": MONTH, "--type": TEXT, "--dry-run": FLAG, "--format": FORMAT},
        required=("--month",),
        repeatable=("--type",),
    ),
    "subsidy list": Spec(
        options={
            "--month": MONTH, "--type": TEXT, "--child": CHILD, "--totals": FLAG,
            "--format": FORMAT, "--all": FLAG,
        }
    ),
    "subsidy rate set": Spec(args=(TEXT, MONEY), options={"--from": MONTH}),
    "subsidy rate list": Spec(options={"--format": FORMAT}),
    "activity add": Spec(
        options={
            "--title": TEXT, "--kind": TEXT, "--participants": NUMBER, "--on": DATE,
            "--place": TEXT, "--child": CHILD, "--notes": TEXT, "--again": FLAG,
        },
        required=("--title", "--kind", "--participants"),
        repeatable=("--child",),
    ),
    "activity list": Spec(
        options={"--from": DATE, "--to": DATE, "--kind": TEXT, "--format": FORMAT, "--all": FLAG}
    ),
    "assess risk": Spec(
        args=(CHILD,),
        options={
            "--answers": PATH, "--item": TEXT, "--sheet": PATH, "--on": DATE, "--notes": TEXT,
            "--format": FORMAT,
        },
        repeatable=("--item",),
    ),
    "assess sheet": Spec(options={"--sheet": PATH, "--format": FORMAT}),
    "assess guardianship": Spec(
        args=(CHILD,),
        options={"--result": TEXT, "--notes": TEXT, "--on": DATE},
        required=("--result",),
    ),
    "care-agreement add": Spec(
        args=(CHILD,),
        options={
            "--carer": TEXT, "--relation": TEXT, "--phone": NUMBER, "--signed-on": DATE,
            "--school-notified": FLAG, "--committee-notified": FLAG, "--valid-until": DATE,
            "--notes": TEXT,
        },
        required=("--carer", "--relation", "--phone", "--signed-on"),
    ),
    "care-agreement list": Spec(
        args=(CHILD,), options={"--reveal": FLAG, "--format": FORMAT, "--all": FLAG}
    ),
    "care-agreement rate": Spec(
        options={"--on": DATE, "--missing": FLAG, "--format": FORMAT}, exit_codes=WITH_3
    ),
    "plan add": Spec(
        args=(CHILD,),
        options={"--goal": TEXT, "--review-on": DATE, "--service": TEXT, "--on": DATE},
        required=("--goal", "--review-on"),
        repeatable=("--service",),
    ),
    "plan review": Spec(
        args=(TEXT,), options={"--on": DATE, "--next-review": DATE, "--note": TEXT}
    ),
    "plan close": Spec(args=(TEXT,), options={"--on": DATE, "--note": TEXT}),
    "plan list": Spec(
        args=(CHILD,),
        options={"--status": TEXT, "--overdue": FLAG, "--format": FORMAT, "--all": FLAG},
        exit_codes=WITH_3,
    ),
    "import roster": Spec(
        args=(PATH,),
        options={
            "--sheet": TEXT, "--dry-run": FLAG, "--errors": PATH, "--format": FORMAT,
            "--mapping": PATH, "--encoding": TEXT, "--on": DATE, "--quiet": FLAG, "--force": FLAG,
        },
        exit_codes=WITH_3,
    ),
    "subsidy import": Spec(
        args=(PATH,),
        options={
            "--sheet": TEXT, "--encoding": TEXT, "--mapping": PATH, "--month": MONTH,
            "--dry-run": FLAG, "--errors": PATH, "--format": FORMAT, "--quiet": FLAG,
            "--force": FLAG,
        },
        exit_codes=WITH_3,
    ),
    "export children": Spec(
        args=(PATH,),
        options={
            "--category": CATEGORY, "--community": TEXT, "--worker": TEXT, "--risk": RISK,
            "--status": TEXT, "--as-of": DATE, "--reveal": FLAG, "--quiet": FLAG, "--force": FLAG,
        },
    ),
    "match": Spec(
        args=(PATH,),
        options={
            "--kind": TEXT, "--sheet": TEXT, "--encoding": TEXT, "--mapping": PATH,
            "--complete": FLAG, "--format": FORMAT, "--out": PATH, "--apply": FLAG,
            "--yes": FLAG, "--on": DATE, "--reveal": FLAG, "--quiet": FLAG, "--force": FLAG,
            "--errors": PATH,
        },
        required=("--kind",),
        exit_codes=WITH_3,
    ),
    "duplicates": Spec(options={"--reveal": FLAG, "--format": FORMAT}, exit_codes=WITH_3),
    "merge": Spec(
        args=(CHILD, CHILD),
        options={"--yes": FLAG, "--force": FLAG, "--undo": FLAG, "--format": FORMAT},
    ),
    "visit add": Spec(
        args=(CHILD,),
        options={
            "--mode": TEXT, "--on": DATE, "--worker": TEXT, "--notes": TEXT, "--problem": TEXT,
            "--action": TEXT, "--format": FORMAT, "--again": FLAG, "--pair": TEXT,
        },
        required=("--mode",),
        repeatable=("--problem",),
    ),
    "visit import": Spec(
        args=(PATH,),
        options={
            "--sheet": TEXT, "--encoding": TEXT, "--mapping": PATH, "--dry-run": FLAG,
            "--errors": PATH, "--format": FORMAT, "--quiet": FLAG, "--force": FLAG,
        },
        exit_codes=WITH_3,
    ),
    "visit list": Spec(
        args=(CHILD,),
        options={
            "--worker": TEXT, "--community": TEXT, "--mode": TEXT, "--from": DATE,
            "--to": DATE, "--format": FORMAT, "--all": FLAG,
        },
    ),
    "policy show": Spec(options={"--format": FORMAT}),
    "policy set": Spec(args=(TEXT, TEXT)),
    "due": Spec(
        options={
            "--within": NUMBER, "--overdue": FLAG, "--worker": TEXT, "--community": TEXT,
            "--format": st.one_of(FORMAT, st.just("text")), "--fail-on-overdue": FLAG,
            "--by": st.one_of(st.just("worker"), TEXT), "--out": st.one_of(st.just("."), PATH),
            "--force": FLAG,
        },
        exit_codes=WITH_3,
    ),
}  # fmt: skip

#: 改错: edit, void and unvoid on each record group, and wbz history.
RECORD_ID = st.one_of(st.sampled_from(["1", "2", "0", "-1", "9" * 25, "R000001", "R9"]), NUMBER)
_EDITS: dict[str, dict[str, st.SearchStrategy[str | None]]] = {
    "visit": {
        "--on": DATE, "--mode": TEXT, "--child": CHILD, "--worker": TEXT, "--notes": TEXT,
        "--problem": TEXT, "--action": TEXT, "--again": FLAG,
    },
    "service": {
        "--child": CHILD, "--type": TEXT, "--on": DATE, "--provider": TEXT, "--hours": NUMBER,
        "--plan": TEXT, "--notes": TEXT,
    },
    "subsidy": {
        "--child": CHILD, "--type": TEXT, "--month": MONTH, "--amount": MONEY, "--again": FLAG,
    },
    "activity": {
        "--title": TEXT, "--kind": TEXT, "--on": DATE, "--participants": NUMBER,
        "--place": TEXT, "--notes": TEXT, "--again": FLAG,
    },
    "resource": {
        "--kind": TEXT, "--name": TEXT, "--phone": NUMBER, "--specialty": TEXT,
        "--notes": TEXT, "--on": DATE,
    },
    "care-agreement": {
        "--carer": TEXT, "--relation": TEXT, "--phone": NUMBER, "--signed-on": DATE,
        "--valid-until": DATE, "--school-notified": FLAG, "--school-not-notified": FLAG,
        "--committee-notified": FLAG, "--committee-not-notified": FLAG, "--notes": TEXT,
    },
    "plan": {"--goal": TEXT, "--service": TEXT, "--on": DATE, "--review-on": DATE},
}  # fmt: skip
for _group, _options in _EDITS.items():
    COMMANDS[f"{_group} edit"] = Spec(
        args=(RECORD_ID,), options=_options, repeatable=("--problem", "--service")
    )
    COMMANDS[f"{_group} void"] = Spec(
        args=(RECORD_ID,), options={"--reason": TEXT}, required=("--reason",)
    )
    COMMANDS[f"{_group} unvoid"] = Spec(args=(RECORD_ID,), options={"--again": FLAG})
ASSESSMENT_ID = st.one_of(
    st.sampled_from(["A000001", "G1", "a2", "F1", "1", "G0", "A" + "9" * 25]), TEXT
)
COMMANDS["assess list"] = Spec(args=(CHILD,), options={"--all": FLAG, "--format": FORMAT})
COMMANDS["assess edit"] = Spec(
    args=(ASSESSMENT_ID,), options={"--on": DATE, "--result": TEXT, "--notes": TEXT, "--risk": RISK}
)
COMMANDS["assess void"] = Spec(
    args=(ASSESSMENT_ID,), options={"--reason": TEXT}, required=("--reason",)
)
COMMANDS["assess unvoid"] = Spec(args=(ASSESSMENT_ID,))
#: a category period: its category, or category=start day
CATEGORY_PERIOD = st.one_of(CATEGORY, st.builds("{}={}".format, CATEGORY, DATE), TEXT)
COMMANDS["category void"] = Spec(
    args=(CHILD, CATEGORY_PERIOD), options={"--reason": TEXT}, required=("--reason",)
)
COMMANDS["category unvoid"] = Spec(args=(CHILD, CATEGORY_PERIOD))
COMMANDS["case void"] = Spec(args=(CHILD, DATE), options={"--reason": TEXT}, required=("--reason",))
COMMANDS["case unvoid"] = Spec(args=(CHILD, DATE))
COMMANDS["plan void-review"] = Spec(
    args=(TEXT, DATE), options={"--reason": TEXT}, required=("--reason",)
)
COMMANDS["plan unvoid-review"] = Spec(args=(TEXT, DATE))
COMMANDS["history"] = Spec(
    args=(
        st.one_of(
            CHILD,
            HOUSEHOLD,
            st.sampled_from(["visit", "走访", "subsidy", "resource", "风险评估", "监护评估"]),
        ),
        RECORD_ID,
    ),
    options={"--format": FORMAT},
)


@st.composite
def invocation(draw: st.DrawFn, command: str) -> list[str]:
    """A command line for ``command``: its words, random arguments, a random set of options."""
    spec = COMMANDS[command]
    argv = command.split()
    argv += [draw(s) for s in spec.args]  # type: ignore[misc]
    for name, strategy in spec.options.items():
        times = 1 if name in spec.required else draw(st.integers(0, 1))
        if name in spec.repeatable and times:
            times = draw(st.integers(1, 3))
        for _ in range(times):
            value = draw(strategy)
            argv += [name] if value is None else [name, value]
    return argv


def _derived(command: str) -> Spec:
    """A spec read from the command's own parameters: flags as flags, dates and months as
    dates, amounts and numbers as numbers, a child as CHILD, any other value as text; the
    required ones always given. For the record kinds of issues 20 and 25, named below."""
    import click
    import typer

    from wbz_cli.cli.app import app

    node: click.Command = typer.main.get_command(app)
    for word in command.split():
        node = node.commands[word]  # type: ignore[attr-defined]

    def strategy(name: str, param: click.Parameter) -> st.SearchStrategy[str | None]:
        if getattr(param, "is_flag", False):
            return FLAG
        if name in {"--on", "--from", "--to", "--starts-on", "--follow-up-by"}:
            return DATE
        if name in {"--month"}:
            return MONTH
        if name in {"--amount", "--budget", "--value"}:
            return MONEY
        if name == "--format":
            return FORMAT
        if name == "--out":
            return PATH
        return NUMBER if isinstance(param.type, click.types._NumberParamTypeBase) else TEXT

    args = tuple(
        CHILD if p.name in {"child", "target"} else TEXT
        for p in node.params
        if isinstance(p, click.Argument)
    )
    options: dict[str, st.SearchStrategy[str | None]] = {}
    required: list[str] = []
    for p in node.params:
        if isinstance(p, click.Option):
            name = max(p.opts, key=len)
            options[name] = strategy(name, p)
            if p.required:
                required.append(name)
    return Spec(args=args, options=options, required=tuple(required))


#: Commands of issue 20 (report keys, explain) and issue 25's record kinds: specs read from
#: their parameters (``_derived``).
DERIVED = (
    "report keys", "report explain",
    "placement start", "placement end", "placement list", "placement edit", "placement void",
    "placement unvoid", "apply add", "apply decide", "apply list", "apply edit", "apply void",
    "apply unvoid", "pair add", "pair end", "pair list", "pair edit", "pair void", "pair unvoid",
    "screen add", "screen list", "screen void", "screen unvoid", "attach", "attachments",
    "attachment export", "attachment edit", "attachment void", "attachment unvoid",
    "project add", "project list", "project show", "project enrol", "project unenrol",
    "project spend", "project edit", "project void", "project unvoid", "project payment edit",
    "project payment void", "project payment unvoid", "give add", "give list", "give edit",
    "give void", "give unvoid",
    "district init", "district import", "district duplicates", "district stations",
    "district report monthly", "district report range",
)  # fmt: skip
for _command in DERIVED:
    COMMANDS.setdefault(_command, _derived(_command))
COMMANDS["screen import"] = Spec(
    args=(PATH,),
    options={
        "--sheet": TEXT, "--encoding": TEXT, "--mapping": PATH, "--dry-run": FLAG,
        "--errors": PATH, "--format": FORMAT, "--quiet": FLAG, "--force": FLAG,
    },
    exit_codes=WITH_3,
)  # fmt: skip
