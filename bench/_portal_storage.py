"""Whitenoise's compressed manifest storage without source-map rewriting (see bench/_portal_settings.py)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for glob, rules in patterns:
        kept.append((glob, tuple(r for r in rules if "sourceMappingURL" not in (r if isinstance(r, str) else r[0]))))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
