"""The SQLite file: connection settings, migrations, the write transaction with its audit row,
and the queries, all on a plain ``sqlite3`` connection. sqlite-utils serves one purpose: a new
migration that rebuilds a table (``migrations/rebuild.py``), imported there only, never at
start-up."""
