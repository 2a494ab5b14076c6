"""Benchmarks: one module per area, each writing its section to ``benchmarks/results/<area>.md``."""
