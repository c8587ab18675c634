"""The headless browser the page tests drive: Debian's chromium (installed by bin/setup) through Playwright."""
from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.ui.support import CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()
