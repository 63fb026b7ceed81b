"""Every kind of store the registry opens runs the shared contract (tests/store_suite.py)."""

from __future__ import annotations

import importlib
from pathlib import Path

from graph import stores
from tests.store_suite import StoreContract

HERE = Path(__file__).resolve().parent


def _contract_schemes() -> set[str]:
    """The schemes of the contract classes the test modules define (collected, not abstract)."""
    found: set[str] = set()
    for file in sorted(HERE.glob("test_store_*.py")):
        module = importlib.import_module(f"tests.{file.stem}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, StoreContract)
                    and value.__name__.startswith("Test") and value.scheme):
                found.add(value.scheme)
    return found


def test_every_registered_store_runs_the_shared_contract() -> None:
    # schemes one factory serves (http and https) are one kind of store
    tested = _contract_schemes()
    untested = [schemes for schemes in stores.kinds() if not set(schemes) & tested]
    assert untested == [], f"no StoreContract test class for the stores opened as {untested}"
    assert {"memory", "oxigraph", "http"} <= tested
