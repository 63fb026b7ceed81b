"""A loaded store made ready for its first command: profile, label index and counts.

``myograph load`` ends with :func:`make_ready`, so the first search, stats, neighbours and
path after a load cost what the hundredth does; the benchmark calls it after its own load
for the same reason. On a store that keeps derived values (an Oxigraph store on disk) they
are kept beside the data for every later process. Given the :class:`~graph.harvest.Harvest`
the loads filled, it reads them from that rather than from the store.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from graph.bulk import collector_paused
from graph.harvest import Harvest
from graph.stores.base import Store

__all__ = ["COUNT_SECONDS", "make_ready"]

COUNT_SECONDS = 300.0
"""Time limit of the counts (stats) computed for a freshly loaded store."""


def make_ready(store: Store, harvest: Harvest | None = None) -> None:
    """Compute the profile, then the label index and the counts side by side (the engine
    counts while Python indexes); each is kept as the store keeps derived values.

    With a ``harvest`` that stands for the store (:meth:`Harvest.stands_for`), each is read
    from it where it can be (:mod:`graph.harvested`); the rest is queried as without one.
    """
    from graph.profile import profile_for
    from graph.search import index_for
    from graph.stats import stats as count

    usable = harvest if harvest is not None and harvest.stands_for(store) else None
    profile_for(store, usable)  # both need it
    with collector_paused(), ThreadPoolExecutor(2) as pool:
        indexing = pool.submit(index_for, store, usable)
        counting = pool.submit(count, store, timeout=COUNT_SECONDS, harvest=usable)
        indexing.result()
        counting.result()
