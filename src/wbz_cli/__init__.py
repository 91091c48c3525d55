"""wbz: case-management toolkit of a township minors' protection station (未保站)."""

__version__ = "0.1.0"
