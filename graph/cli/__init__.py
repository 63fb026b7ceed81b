"""The ``myograph`` command line: thin commands over the library's functions.

:mod:`~graph.cli.group` holds the group, its ``--store`` and the one place library errors
become messages; the commands live by job in :mod:`~graph.cli.query`,
:mod:`~graph.cli.data` (load, validate, profile), :mod:`~graph.cli.explore` (search,
neighbours, describe, stats, path) and :mod:`~graph.cli.serve`. ``main`` is the console
entry point (``graph.cli:main``) and what ``python -m graph`` runs.
"""

from __future__ import annotations

from graph.cli import data, explore, query, serve
from graph.cli.group import main

__all__ = ["main"]

for _command in (query.query, explore.search, explore.neighbours, explore.describe,
                 explore.stats, data.validate, data.load, data.profile, serve.serve,
                 explore.path):
    main.add_command(_command)
