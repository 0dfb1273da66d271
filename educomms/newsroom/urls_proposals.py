"""URL patterns joined into newsroom/urls.py (app "newsroom"): upward proposals, approval delegations and
the terms that need a second look (views_proposals.py)."""
from django.urls import URLPattern, path

from educomms.newsroom import views_proposals as views

urlpatterns: list[URLPattern] = [
    path("<int:story_id>/de-xuat/", views.story_propose, name="story_propose"),
    path("de-xuat/", views.proposals, name="proposals"),
    path("de-xuat/<int:proposal_id>/nhan/", views.proposal_accept, name="proposal_accept"),
    path("de-xuat/<int:proposal_id>/khong-nhan/", views.proposal_decline, name="proposal_decline"),
    path("uy-quyen/", views.delegations, name="delegations"),
    path("uy-quyen/<int:delegation_id>/thu-hoi/", views.delegation_revoke, name="delegation_revoke"),
    path("cum-tu-xem-lai/", views.review_terms, name="review_terms"),
    path("cum-tu-xem-lai/<int:term_id>/xoa/", views.review_term_remove, name="review_term_remove"),
]
