"""Helpers shared by the repository tests: fixture app paths, urns, error capture."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from smv.app.config import AppConfig, load_app_config
from smv.repository.errors import RepositoryCallError

APPS = Path(__file__).resolve().parent.parent / "fixtures" / "apps"
SHOP_RAW, SHOP_REPORT = "shop_raw", "shop_report"


def mod(fqn: str) -> str:
    return f"urn:smv:mod:{fqn}"


def link(fqn: str) -> str:
    return f"urn:smv:link:{fqn}"


def app_props(app_dir: Path) -> AppConfig:
    """The app's props, with its Python source put on sys.path."""
    src = str(app_dir / "src" / "main" / "python")
    if src not in sys.path:
        sys.path.insert(0, src)
    return load_app_config(app_dir)


def call_error(call: Callable[..., object], *args: object) -> RepositoryCallError:
    """The RepositoryCallError that call(*args) raises."""
    with pytest.raises(RepositoryCallError) as info:
        call(*args)
    return info.value
