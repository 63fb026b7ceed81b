"""The benchmark's report, one job a module (``benchmarks/report.py`` is the entry point):
:mod:`.common` (the goals' numbers, finding a row, formatting), :mod:`.goals` (pass or fail
per goal), :mod:`.tables` (the Markdown) and :mod:`.plot` (the PNG).
"""
