"""wbz: case-management toolkit of a township minors' protection station (未保站)."""

import os

__version__ = "0.1.0"

# docxtpl (Word templates) brings lxml, and openpyxl switches its XML reader and writer to lxml
# when it finds it installed: keep the standard-library ones that wbz's workbook checks, limits
# and timings were built and tested with. Read by openpyxl when it is first imported.
os.environ.setdefault("OPENPYXL_LXML", "False")
