"""Use cases: each combines domain rules and the store and returns data, never text."""
