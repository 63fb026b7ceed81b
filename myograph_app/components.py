"""What our two custom components (the SPARQL editor, the network) share with Streamlit."""

from __future__ import annotations

__all__ = ["trigger_only"]


def trigger_only() -> None:
    """The callback a component's trigger is registered with: Streamlit only needs the name
    (values are read from the component's result, in the run that follows)."""
