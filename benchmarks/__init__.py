"""myograph's benchmark: synthetic graphs (``generate``) and the side-by-side run (``run``).

``make bench`` (sizes 100 k and 1 M triples) or ``make bench FULL=1`` (10 M too) writes
``benchmarks/results/latest.{json,md,png}``; see ``benchmarks/README.md``.
"""
