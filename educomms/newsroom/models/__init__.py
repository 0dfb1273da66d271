"""Newsroom models: stories and their workflow (stories.py), themes, key dates and the content plan
(calendar.py)."""

from educomms.newsroom.models.calendar import KeyDate, PlannedStory, Theme
from educomms.newsroom.models.stories import (
    Audience,
    Consent,
    Delegation,
    Proposal,
    ReviewTerm,
    Story,
    StoryAsset,
    StoryComment,
    StoryRevision,
    StoryState,
    StoryTransition,
)

__all__ = [
    "Audience", "Consent", "Delegation", "KeyDate", "PlannedStory", "Proposal", "ReviewTerm", "Story",
    "StoryAsset", "StoryComment", "StoryRevision", "StoryState", "StoryTransition", "Theme",
]
