import pytest

from .factories import build


@pytest.fixture
def mw(world):
    """The persona world's monitoring data (factories.build): sources, topics and routed mentions."""
    return build(world)
