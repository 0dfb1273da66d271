from django.utils.translation import gettext as _


class QueryError(ValueError):
    """A malformed topic query. `message` is the Vietnamese reason, `position` the 0-based offset in the query.

    `str(err)` adds the position counted from 1, as people count ("… ở vị trí 12").
    """

    def __init__(self, message: str, position: int) -> None:
        self.message = message
        self.position = position
        super().__init__(message, position)

    def __str__(self) -> str:
        return _("%(message)s ở vị trí %(position)d") % {"message": self.message, "position": self.position + 1}
