"""The commands whose ``--format json`` is a one-off answer, not data rows."""

#: Commands whose ``--format`` gives a one-off answer rather than data rows (the new record's
#: code, an import's summary, a match report): their JSON keys are checked by their own
#: tests; they offer no CSV, or CSV of the same object.
SUMMARIES: dict[str, str] = {
    "register": "JSON {child, household}",
    "update": "as show",
    "visit add": "JSON of the new visit",
    "refer add": "JSON {code, status, mandatory, warnings}",
    "refer move": "JSON of the lead, as refer show",
    "service add": "JSON of the new service, as a service list row",
    "subsidy add": "JSON {month, child, name, type, amount_yuan}",
    "merge": "JSON of the merge",
    "import roster": "JSON summary of CLI.md",
    "visit import": "JSON summary",
    "subsidy import": "JSON summary",
    "match": "JSON report; xlsx with --out",
    "placement start": "JSON of the new placement, as a placement list row",
    "placement end": "JSON of the placement, as a placement list row",
    "apply add": "JSON of the new application",
    "apply decide": "JSON of the application, as an apply list row",
    "pair add": "JSON of the new pairing, as a pair list row",
    "pair end": "JSON of the pairing, as a pair list row",
    "attach": "JSON of the new attachment, as an attachments row",
    "screen import": "JSON summary",
    "district import": "JSON {files, loaded, replaced, unchanged, refused: [...]}",
}
