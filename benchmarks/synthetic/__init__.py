"""The benchmark's synthetic graphs, one job a module (``benchmarks/generate.py`` is the
entry point and describes both shapes).

:mod:`.common` writes N-Triples and draws at random, :mod:`.pairs` keeps the graph in
memory and chooses the nodes and pairs the benchmark uses, :mod:`.myograph` is the
project's own vocabulary, and :mod:`.hetionet` (with :mod:`.hetionet_data`,
:mod:`.hetionet_degrees`, :mod:`.hetionet_names` and :mod:`.hetionet_draw`) a graph with
Hetionet v1.0's statistics on made-up nodes, seen through a sample of them.
"""
