"""Pages of a list too long to count.

Django's Paginator counts the whole list to number its pages. A department's inbox of mentions holds hundreds
of thousands of rows, and counting those matching a search reads most of them (seconds on PostgreSQL) while
the page itself takes milliseconds. `window` reads one row more than a page instead: that row says whether
there is a next page. The template shows "1–25", "Trước", the page number and "Sau", without a total.
"""

from dataclasses import dataclass
from typing import Any

MAX_PAGE = 1_000  # deeper pages are an OFFSET scan; filters narrow a list better


@dataclass
class Window:
    object_list: list[Any]
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.object_list) - 1 if self.object_list else 0


def window(rows: Any, number: Any, per_page: int) -> Window:
    """Page `number` (from the query string: anything not a page number is page 1) of a sliceable list."""
    try:
        page = min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        page = 1
    start = (page - 1) * per_page
    found = list(rows[start:start + per_page + 1])
    return Window(object_list=found[:per_page], number=page, per_page=per_page, has_next=len(found) > per_page)
