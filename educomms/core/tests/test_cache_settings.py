"""The production cache must be shared by all processes: the portal's page cache is invalidated through a
generation number kept in it, and stories are also changed by the task worker (scheduled publishing)."""

import config.settings as base


def test_the_default_cache_is_shared_between_processes():
    backend = base.CACHES["default"]["BACKEND"]
    assert backend.endswith(("FileBasedCache", "RedisCache")), backend
