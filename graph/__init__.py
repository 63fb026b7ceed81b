"""myograph: a knowledge-graph explorer for the causes, triggers and treatments of muscle spasm.

The library is plain functions over a :class:`~graph.stores.Store`; every view is a SPARQL
query (``graph/queries/*.rq``) run through the one runner in :mod:`graph.sparql`.

For learning and research, not medical advice.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
