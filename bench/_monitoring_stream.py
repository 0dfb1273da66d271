"""The generated stream of Vietnamese education items, kept under its benchmark name.

The generator lives in `educomms.demo.monitoring_stream` (the demo province's monitoring history is made
from it too); the benchmarks import it from here as before.
"""

from educomms.demo.monitoring_stream import *  # noqa: F403
from educomms.demo.monitoring_stream import (
    KINDS,
    GenItem,
    Locale,
    LocalSchool,
    generate,
    generate_queries,
    strip_diacritics,
    syndicate,
)

__all__ = ["KINDS", "GenItem", "LocalSchool", "Locale", "generate", "generate_queries", "strip_diacritics",
           "syndicate"]
