"""The SQLite file: connection settings, migrations, the write transaction with its audit row,
and the queries. Plain ``sqlite3`` on the hot paths keeps start-up fast; sqlite-utils is used
where its bulk upserts help (imports)."""
