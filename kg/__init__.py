"""kg: knowledge graphs from Chinese government reports.

The public API lives in `kg.api` and is re-exported here on first use (`kg.from_files`, `kg.from_text`,
`kg.load`, `kg.KnowledgeGraph`), so importing `kg` stays light: heavy libraries load when called.
(`kg.build` is the pipeline's module, as for `kg build`; in Python, build a graph with `kg.from_files`.)
"""

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "from_files", "from_text", "load"]


def __getattr__(name: str):
    """Load the public API from kg.api when one of its names is first asked for."""
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
