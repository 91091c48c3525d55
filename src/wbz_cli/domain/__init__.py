"""Pure rules of the station's work: no I/O, no SQL, nothing of the rest of the project."""
