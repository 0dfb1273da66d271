"""Settings of the portal benchmark's server: the production settings (DEBUG and the rest from the
environment, as bench/portal.py sets it) with a bench-only URLconf that adds the bare view.

One difference in static files: the vendored tabler-1.6.1.min.js names a source map that is not vendored
(`//# sourceMappingURL=tabler.min.js.map`), which makes the production storage's collectstatic fail.
Until that is fixed in the product, the bench storage leaves source-map comments alone."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

ROOT_URLCONF = "bench._portal_urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "bench._portal_storage.StaticStorage"}}
