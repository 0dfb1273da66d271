"""The demo province's directives: realistic coverage, a partly forwarded cascade, a withdrawn directive
and a correction; loading twice changes nothing."""

import pytest
from django.db import transaction

from educomms.demo import directives as demo_directives
from educomms.demo import province

from .. import coverage
from ..models import Directive, DirectiveStatus, Forward, Receipt


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        province.load(schools=40)
        result = demo_directives.load()
        yield result
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_it_issues_the_demo_directives_with_receipts(demo):
    assert demo.created and demo.directives == 7  # six, and the correction of one
    assert demo.receipts > 500 and demo.acknowledged > 100
    old = Directive.objects.get(number_symbol="1852/SGDĐT-QLCL")
    recent = Directive.objects.get(number_symbol="2031/SGDĐT-QLCL")
    assert coverage.totals(old, old.unit).acknowledged_share > 0.8
    assert 0.2 < coverage.totals(recent, recent.unit).acknowledged_share < 0.85
    titles = set(Directive.objects.values_list("title", flat=True))
    assert "Kế hoạch phòng, chống bạo lực học đường năm học 2026-2027" in titles


def test_reads_come_after_delivery_and_acknowledgments_after_reads(demo):
    receipts = Receipt.objects.filter(acknowledged_at__isnull=False)
    assert all(r.delivered_at <= r.opened_at <= r.acknowledged_at for r in receipts)


def test_the_cascade_was_forwarded_by_most_heads_but_not_the_demo_principal(demo):
    cascade = Directive.objects.get(forward_required=True)
    department = cascade.unit
    heads = Receipt.objects.filter(directive=cascade, role="head").count()
    forwards = Forward.objects.filter(directive=cascade).count()
    assert 0.4 * heads < forwards < heads
    principal = province.sign_in_people()["principal"]
    assert not Forward.objects.filter(directive=cascade, forwarded_by=principal).exists()
    assert coverage.cascade_stops(cascade, department).count() == heads - forwards


def test_some_schools_lag_behind(demo):
    recent = Directive.objects.get(number_symbol="2031/SGDĐT-QLCL")
    laggards = coverage.laggards(recent, recent.unit, min_recipients=2)
    assert laggards and laggards[0].acknowledged_share < coverage.totals(recent, recent.unit).acknowledged_share


def test_one_is_withdrawn_and_one_corrected(demo):
    assert Directive.objects.filter(status=DirectiveStatus.WITHDRAWN).count() == 1
    correction = Directive.objects.get(corrects__isnull=False)
    assert correction.status == DirectiveStatus.ISSUED and correction.corrects.receipts.exists()


def test_loading_again_changes_nothing(demo):
    again = demo_directives.load()
    assert again.created is False and again.directives == demo.directives and again.receipts == demo.receipts


def test_public_directives_are_on_the_portal_with_their_pdf(demo):
    from educomms.documents.models import PublicDocument

    public = Directive.objects.filter(public=True, corrects__isnull=True)
    assert public.count() == 2
    assert PublicDocument.objects.filter(source_app="directives").count() == 2
    assert all(d.attachments.filter(mime="application/pdf").exists() for d in Directive.objects.all())
