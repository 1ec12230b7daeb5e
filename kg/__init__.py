"""kg: knowledge graphs from Chinese government reports.

The public API is filled in by `kg.api`; importing `kg` stays light (heavy libraries load on use).
"""

__version__ = "0.1.0"
