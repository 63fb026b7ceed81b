"""A real public graph (schema.org's SHACL shapes) in real Chromium: Explore and Trace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.helpers import main_text, no_exception, open_app, settle, shot

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser


def _net(page: Page) -> Locator:
    """The first network drawn (the screenshot waits for it, not for its placeholder)."""
    return page.locator("[data-testid='stMain'] .mg-net").first


def test_a_public_graph_explores_and_traces_in_its_own_words(page: Page,
                                                            public_app_url: str) -> None:
    open_app(page, public_app_url, "?view=explore&node=Muscle")
    settle(page, page.get_by_role("heading", name="Muscle").first, _net(page))
    text = main_text(page)
    assert "A muscle is an anatomical structure" in text
    assert "muscle spasm" not in text.casefold()
    assert "not causal" not in text
    # an unlabelled property shape: named by its CURIE with its class, never <http://…>
    assert "schema2:Muscle-insertion · PropertyShape" in text  # the file's own prefix
    assert "<http" not in text
    no_exception(page)
    shot(page, "public-explore")
    open_app(page, public_app_url, "?view=trace&source=Muscle&target=Medical%20condition")
    settle(page, page.get_by_text("Route 1", exact=False).first, _net(page))
    text = main_text(page)
    assert "routes follow any relation" in text
    assert "Anatomical structure" in text
    assert "schema2:AnatomicalStructure-relatedCondition" in text  # an unlabelled step, named
    no_exception(page)
    shot(page, "public-trace")
