"""Spreadsheets: reading rosters, writing workbooks and CSV, the formula guard."""
