"""The benchmark's synthetic graphs, one job a module (``benchmarks/generate.py`` is the
entry point and describes both shapes).

:mod:`.common` writes N-Triples and draws at random, :mod:`.pairs` keeps the graph in
memory and chooses the nodes and pairs the benchmark uses, :mod:`.myograph` is the
project's own vocabulary, and :mod:`.hetionet` (with :mod:`.hetionet_data` and
:mod:`.hetionet_draw`) is Hetionet v1.0 seen through a sample of its nodes.
"""
