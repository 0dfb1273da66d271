"""Public stories made directly with the ORM (the newsroom workflow services are built separately)."""

import datetime as dt
import itertools

from django.utils import timezone
from django.utils.html import strip_tags

from educomms.core.text import fold
from educomms.newsroom.models import Story, StoryState, Theme

_seq = itertools.count(1)


def make_story(*, unit, author, state=StoryState.PUBLISHED, title: str | None = None, published_ago_minutes: int = 60,
               **fields) -> Story:
    n = next(_seq)
    published_at = timezone.now() - dt.timedelta(minutes=published_ago_minutes) if state == StoryState.PUBLISHED else None
    fields.setdefault("summary", f"Tóm tắt tin số {n}.")
    fields.setdefault("body", f"<p>Nội dung tin số {n}.</p>")
    title = title or f"Tin bài số {n}"
    # What the newsroom stores in search_text: the folded title, summary and body text.
    fields.setdefault("search_text", fold(f"{title} {fields['summary']} {strip_tags(fields['body'])}"))
    story = Story.objects.create(unit=unit, author=author, title=title, slug=f"tin-bai-{n}",
                                 state=state, published_at=fields.pop("published_at", published_at), **fields)
    return story


def make_theme(*, unit, name: str, slug: str, **fields) -> Theme:
    return Theme.objects.create(unit=unit, name=name, slug=slug, **fields)
