"""What every fetcher returns, and the one error they raise.

The monitoring services store `RawItem`s and record a `FetchError` on the source's health page: its
`message` is shown to staff (Vietnamese), its `detail` goes to the logs, and `permanent` tells the
scheduler whether retrying can help.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RawItem:
    url: str  # canonical-ish absolute URL ("" only for imported rows without one)
    title: str
    text: str  # plain text: HTML stripped, NFC-normalised
    published_at: datetime | None  # aware, UTC
    author: str = ""
    site: str = ""  # domain, lower-case, without "www." ("vnexpress.net")
    kind: str = "article"  # "article" | "post" | "comment"
    external_id: str = ""  # feed guid / Graph id / imported id
    reach: int | None = None  # followers/views/shares/reactions where known
    parent_url: str = ""  # for a comment: its post's URL
    label: str = ""  # imported rows may carry a sentiment label ("negative", "neutral", "positive")


@dataclass
class FetchResult:
    items: list[RawItem] = field(default_factory=list)
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    cursor: str = ""  # e.g. Graph's newest time seen, for incremental fetches


class FetchError(Exception):
    """A source could not be fetched.

    `message` is plain Vietnamese for the source health page; `detail` is technical and goes to logs
    (never a secret: access tokens are removed before it is built); `permanent` is True when retrying
    will not help (404, 410, revoked token, not a feed) and False for transient failures (timeouts,
    5xx, 429).
    """

    def __init__(self, message: str, *, permanent: bool, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.message} ({self.detail})" if self.detail else self.message

    def __repr__(self) -> str:
        return f"FetchError({self.message!r}, permanent={self.permanent}, detail={self.detail!r})"
