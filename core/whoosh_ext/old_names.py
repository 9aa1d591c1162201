"""Module names of classes pickled in indexes that earlier versions wrote.

Whoosh pickles the schema, analyzers and field formats included, into each index's table of
contents, by module and class name; the layout moved those classes, so an index built before the
move names modules that no longer exist. Opening one goes through these aliases; the next
`indexer update` rebuilds it in the current format (core/index/folder.py's INDEX_FORMAT).
"""
from __future__ import annotations

import importlib
import sys

MOVED_MODULES = {
    "indexer.analysis": "core.analysis.chain",
    "indexer.schema": "core.index.schema",
}


def accept_old_module_names() -> None:
    """Let unpickling find the moved classes under their old module names (idempotent)."""
    for old, new in MOVED_MODULES.items():
        if old not in sys.modules:
            sys.modules[old] = importlib.import_module(new)
