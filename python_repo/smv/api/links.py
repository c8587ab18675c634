"""Dependencies outside the module's stage or language, named by urn.

SmvApp (on the JVM) resolves them: a link to the canonical `mod` urn of its target
(which must be an SmvOutput of another stage), an ext dataset to whichever
repository owns it. The Python repository never owns these urns.
"""
from __future__ import annotations

from dataclasses import dataclass

from smv.api.dataset import DataSetReference, SmvDataSet
from smv.repository.urn import MalformedUrnError, link_urn, mod_urn, parse_urn


@dataclass(frozen=True)
class SmvModuleLink(DataSetReference):
    """A dependency on `target`, an SmvOutput module of another stage."""

    target: type[SmvDataSet]

    def __post_init__(self) -> None:
        if not (isinstance(self.target, type) and issubclass(self.target, SmvDataSet)):
            raise TypeError(f"SmvModuleLink target must be an SmvDataSet class (an SmvOutput of another "
                            f"stage), got {self.target!r}")

    def urn(self) -> str:
        return link_urn(self.target.fqn())


@dataclass(frozen=True)
class _ByName(DataSetReference):
    """A reference to a dataset by its full name (checked to be one)."""

    fqn: str

    def __post_init__(self) -> None:
        if isinstance(self.fqn, str):
            try:
                parse_urn(mod_urn(self.fqn))
                return
            except MalformedUrnError:
                pass
        raise ValueError(f"{type(self).__name__} takes a full name like 'com.acme.stage.Module', got {self.fqn!r}")


class SmvExtDataSet(_ByName):
    """A dataset written in another language, e.g. SmvExtDataSet("com.acme.stage1.ScalaMod")."""

    def urn(self) -> str:
        return mod_urn(self.fqn)


class SmvExtModuleLink(_ByName):
    """A link to an output module of another stage written in another language."""

    def urn(self) -> str:
        return link_urn(self.fqn)
