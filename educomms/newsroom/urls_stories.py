"""URL patterns joined into newsroom/urls.py (app "newsroom"): the story pages (views_stories.py)."""
from django.urls import URLPattern, path

from educomms.newsroom import views_stories as views

urlpatterns: list[URLPattern] = [
    path("", views.stories, name="stories"),
    path("cho-duyet/", views.queue, name="queue"),
    path("viet-moi/", views.story_create, name="story_create"),
    path("<int:story_id>/", views.story, name="story"),
    path("<int:story_id>/sua/", views.story_edit, name="story_edit"),
    path("<int:story_id>/chuyen-trang-thai/", views.story_transition, name="story_transition"),
    path("<int:story_id>/gop-y/", views.story_comment, name="story_comment"),
    path("<int:story_id>/anh-tep/", views.asset_upload, name="story_asset_upload"),
    path("<int:story_id>/anh-tep/<int:asset_id>/", views.asset_update, name="story_asset_update"),
    path("<int:story_id>/anh-tep/<int:asset_id>/xoa/", views.asset_remove, name="story_asset_remove"),
    path("<int:story_id>/dong-y/", views.consent_add, name="story_consent_add"),
    path("<int:story_id>/phien-ban/", views.story_revisions, name="story_revisions"),
]
