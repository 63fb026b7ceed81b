"""``python -m graph`` runs the ``myograph`` command line."""

from graph.cli import main

if __name__ == "__main__":
    main()
