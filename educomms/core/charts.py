"""Shared arithmetic of the server-drawn SVG charts (directives coverage, monitoring volume)."""


def nice_max(value: int) -> int:
    """A round upper bound for a y axis (5, 10, 20, 50, 100, 200, …) at or above `value`: divided in five, it
    gives whole labels."""
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude
