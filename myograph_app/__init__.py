"""The Streamlit side of myograph: page modules wired to ``graph/`` functions.

``app.py`` is the router; each page module (``explore``, ``trace``, ``read_view``,
``sparql_view``, ``data_view``) has one ``render_page()``; ``state`` holds the
query-parameter helpers and the one place that maps errors to messages; ``store`` holds
the shared cached store and each session's upload overlay (``graph.session``);
``network`` mounts the bidirectional network component.
"""
