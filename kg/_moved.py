"""The dotted paths modules had before the stage packages (`kg.store` is now `kg.sparql.store`, …).

For branches written before the move: `import kg.store` gives the module at its new path (the same module
object, not a copy). Delete this file once nothing imports an old path.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

MOVED = {
    "kg.analysis": "kg.network.analysis",
    "kg.evaluate": "kg.quality.evaluate",
    "kg.namespace": "kg.rdf.namespace",
    "kg.push": "kg.remote.push",
    "kg.query": "kg.sparql.query",
    "kg.segment": "kg.extract.segment",
    "kg.serve": "kg.remote.serve",
    "kg.store": "kg.sparql.store",
    "kg.triples": "kg.rdf.triples",
    "kg.validate": "kg.quality.validate",
}


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds an old path and loads it as the module at the new one."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(MOVED[spec.name])
        spec.loader_state = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        assert module.__spec__ is not None
        module.__spec__ = module.__spec__.loader_state  # the import machinery set the old path's spec


def install() -> None:
    """Put the finder on `sys.meta_path` once."""
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.append(_Alias())
