"""The demo province's directives (văn bản chỉ đạo): six fictional documents of the department with a
believable history of reading and acknowledging.

Each directive is drafted by the department's communications officer and issued by the director
through the directive services (targets, issuing job, receipts, per-unit counters), then this module
alone moves the timestamps back (issued days or weeks ago) and plays the recipients' reads and
acknowledgments: most people read within hours or a few days, mostly in office hours; about one school
in eight lags well behind; the cascade ("forward to your staff") was forwarded by most heads but not
all — the demo principal (THCS Nguyễn Du) has not forwarded yet, so that the forward can be tried.
One directive was withdrawn; one has an issued correction.

The notices of issue are marked sent (the history is pretend: nobody is e-mailed about last month's
letter); reminders still due in the coming days are left to the scheduler, like in a living system.

Everything here is fictional. `load()` is idempotent: it does nothing when the department already has
directives, and leaves any database that is not the demo province alone.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from educomms.audit.models import Event
from educomms.directives import issuing, services
from educomms.directives.models import (
    Directive,
    DirectiveUnitCount,
    Dispatch,
    DocType,
    Forward,
    IssueJob,
    Receipt,
)
from educomms.directives.reminders import KIND_FORWARDED
from educomms.directives.targeting import TargetSpec
from educomms.notifications.models import Delivery
from educomms.org.models import Person, Unit
from educomms.org.roles import Role

from . import province
from .bulk import Writer

K, L = Unit.Kind, Unit.SchoolLevel
SEED = 2026
LAGGING_SHARE = 0.12  # about one school in eight lags behind
TZ_OPEN, TZ_CLOSE = 7, 21  # people read between 7:00 and 21:00 local time


@dataclass(frozen=True)
class Plan:
    key: str
    doc_type: str
    number: str
    title: str
    summary: str
    body: list[str]
    targets: list[dict[str, Any]]  # TargetSpec fields, the unit being the department
    days_ago: float
    deadline_days: float | None  # from now; negative = passed
    read_rate: float  # share of recipients who opened it (ordinary units)
    ack_rate: float  # share of those who acknowledged it (ordinary units)
    confirmation_phrase: str = ""
    forward_required: bool = False
    forward_share: float = 0.0  # heads who forwarded (cascade only)
    ack_required: bool = True
    remind_days_before: list[int] = field(default_factory=list)
    escalate_days_after: int | None = None
    withdrawn_days_ago: float | None = None
    withdraw_reason: str = ""
    corrected_days_ago: float | None = None  # a correction was issued this many days ago
    public: bool = False


ALL_SCHOOLS = {"unit_kinds": [K.SCHOOL]}
UPPER = {"unit_kinds": [K.SCHOOL], "school_levels": [L.UPPER_SECONDARY, L.CONTINUING, L.MULTI_LEVEL]}

PLANS: list[Plan] = [
    Plan("tuyen_sinh", DocType.OFFICIAL_LETTER, "1852/SGDĐT-QLCL",
         "V/v triển khai công tác tuyển sinh đầu cấp năm học 2027-2028",
         "Các đơn vị rà soát số trẻ trong độ tuổi, xây dựng kế hoạch tuyển sinh và công khai trên cổng thông "
         "tin của trường trước ngày 15/12.",
         ["Căn cứ quy chế tuyển sinh hiện hành, Sở Giáo dục và Đào tạo đề nghị thủ trưởng các đơn vị rà soát "
          "số trẻ, học sinh trong độ tuổi trên địa bàn, dự kiến chỉ tiêu và phương thức tuyển sinh.",
          "Kế hoạch tuyển sinh của trường phải được công khai trên cổng thông tin điện tử và niêm yết tại "
          "trường; mọi vướng mắc báo cáo về Sở (qua Phòng Quản lý chất lượng) để được hướng dẫn."],
         [{**ALL_SCHOOLS, "roles": [Role.HEAD]}, {"unit_kinds": [K.COMMUNE], "roles": [Role.HEAD]}],
         days_ago=41, deadline_days=-31, read_rate=0.97, ack_rate=0.95, public=True),
    Plan("bao_luc", DocType.PLAN, "215/KH-SGDĐT",
         "Kế hoạch phòng, chống bạo lực học đường năm học 2026-2027",
         "Xây dựng môi trường học đường an toàn, thân thiện; mỗi trường thành lập tổ tư vấn tâm lý và công "
         "khai đường dây nóng tiếp nhận phản ánh.",
         ["Mục đích: phòng ngừa, phát hiện sớm và xử lý kịp thời các hành vi bạo lực học đường; nâng cao "
          "trách nhiệm của nhà trường, gia đình và xã hội.",
          "Thủ trưởng các đơn vị chuyển tiếp kế hoạch tới toàn thể cán bộ, giáo viên, nhân viên; mỗi người "
          "đọc và xác nhận đã nắm được nội dung trên hệ thống."],
         [{**ALL_SCHOOLS, "roles": [Role.HEAD]}],
         days_ago=9, deadline_days=5, read_rate=0.9, ack_rate=0.8,
         confirmation_phrase="Tôi đã đọc và cam kết thực hiện", forward_required=True, forward_share=0.72,
         remind_days_before=[2, 0], escalate_days_after=2),
    Plan("thi_tot_nghiep", DocType.GUIDANCE, "2031/SGDĐT-QLCL",
         "Hướng dẫn tổ chức ôn tập và đăng ký dự thi tốt nghiệp THPT năm 2027",
         "Lịch ôn tập, thời hạn đăng ký dự thi trực tuyến và trách nhiệm của giáo viên chủ nhiệm lớp 12.",
         ["Các trường xây dựng kế hoạch ôn tập theo từng môn, ưu tiên học sinh có kết quả học tập chưa tốt.",
          "Giáo viên chủ nhiệm lớp 12 hướng dẫn học sinh đăng ký dự thi trực tuyến đúng thời hạn và kiểm tra "
          "thông tin trước khi xác nhận."],
         [{**UPPER, "roles": [Role.HEAD, Role.DEPUTY_HEAD, Role.COMMS_OFFICER]}],
         days_ago=5, deadline_days=2, read_rate=0.8, ack_rate=0.7, remind_days_before=[1, 0], escalate_days_after=1),
    Plan("nghi_tet", DocType.NOTICE, "88/TB-SGDĐT",
         "Thông báo lịch nghỉ Tết Nguyên đán Đinh Mùi năm 2027",
         "Cán bộ, giáo viên, nhân viên và học sinh nghỉ Tết từ ngày 04/02/2027 đến hết ngày 14/02/2027.",
         ["Thủ trưởng các đơn vị bố trí trực, bảo vệ cơ quan, trường học trong thời gian nghỉ Tết và báo cáo "
          "tình hình về Sở trước 16 giờ ngày 15/02/2027."],
         [{}], days_ago=1.2, deadline_days=None, read_rate=0.34, ack_rate=0.0, ack_required=False, public=True),
    Plan("chuyen_doi_so", DocType.OFFICIAL_LETTER, "1977/SGDĐT-VP",
         "V/v báo cáo kết quả chuyển đổi số trong nhà trường học kỳ I",
         "Các trường báo cáo số liệu sử dụng học bạ số, sổ điểm điện tử và thanh toán không dùng tiền mặt.",
         ["Số liệu báo cáo theo biểu mẫu đính kèm, gửi qua hệ thống trước ngày 05/12/2026."],
         [{**ALL_SCHOOLS, "roles": [Role.HEAD, Role.COMMS_OFFICER]}],
         days_ago=16, deadline_days=-2, read_rate=0.92, ack_rate=0.86, corrected_days_ago=14),
    Plan("hoi_khoe", DocType.OFFICIAL_LETTER, "2010/SGDĐT-CTTT",
         "V/v tổ chức Hội khỏe Phù Đổng cấp tỉnh năm 2026",
         "Lịch thi đấu, điều lệ và hồ sơ đăng ký các môn thi đấu.",
         ["Các đơn vị đăng ký vận động viên theo điều lệ đính kèm."],
         [{**UPPER, "roles": [Role.HEAD]}],
         days_ago=7, deadline_days=10, read_rate=0.8, ack_rate=0.5, withdrawn_days_ago=3,
         withdraw_reason="Lùi thời gian tổ chức; Sở sẽ ban hành văn bản thay thế."),
]


@dataclass
class LoadResult:
    created: bool
    directives: int = 0
    receipts: int = 0
    acknowledged: int = 0
    forwards: int = 0
    demo: bool = True


def _is_demo(department: Unit | None) -> bool:
    return department is not None and Event.objects.filter(verb="demo.loaded", unit=department).exists()


def load() -> LoadResult:
    """Write the demo directives unless the department already has some (default database only: the
    directive services write there). Call after `province.load()`."""
    department = Unit.objects.filter(code=province.DEPARTMENT_CODE).first()
    if department is None or not _is_demo(department):
        return LoadResult(created=False, demo=False)
    if Directive.objects.filter(unit=department).exists():
        return _summary(department, created=False)
    people = province.sign_in_people()
    officer, director = people.get("dept_officer"), people.get("director")
    if officer is None or director is None:
        return LoadResult(created=False, demo=False)
    rng = random.Random(SEED)
    now = timezone.now()
    keep_unforwarded = {people["principal"].pk} if "principal" in people else set()
    for plan in PLANS:
        _play(plan, department=department, officer=officer, director=director, rng=rng, now=now,
              keep_unforwarded=keep_unforwarded)
    return _summary(department, created=True)


def _summary(department: Unit, *, created: bool) -> LoadResult:
    receipts = Receipt.objects.filter(directive__unit=department)
    return LoadResult(created=created, directives=Directive.objects.filter(unit=department).count(),
                      receipts=receipts.count(), acknowledged=receipts.filter(acknowledged_at__isnull=False).count(),
                      forwards=Forward.objects.filter(directive__unit=department).count())


def _issue(directive: Directive, director: Person) -> None:
    """Issue and write the receipts now (not by the worker), with the notice marked as sent."""
    with transaction.atomic():
        job = services.issue_directive(actor=director, directive=directive)
        Dispatch.objects.create(directive=directive, step="issued", state=Dispatch.State.DONE,
                                finished_at=timezone.now())
    issuing.run_issue_job(job_id=job.pk)
    directive.refresh_from_db()


def _play(plan: Plan, *, department: Unit, officer: Person, director: Person, rng: random.Random,
          now: dt.datetime, keep_unforwarded: set[int]) -> None:
    issued_at = _office_hour(now - dt.timedelta(days=plan.days_ago), rng)
    deadline = None if plan.deadline_days is None else (now + dt.timedelta(days=plan.deadline_days)).replace(
        hour=17, minute=0, second=0, microsecond=0)
    issue_deadline = deadline if deadline is None or deadline > now else now + dt.timedelta(days=1)
    directive = services.create_directive(
        actor=officer, unit=department, title=plan.title, doc_type=plan.doc_type, number_symbol=plan.number,
        document_date=timezone.localtime(issued_at).date(), summary=plan.summary,
        body="".join(f"<p>{p}</p>" for p in plan.body), public=plan.public,
        targets=[TargetSpec(unit=department, **t) for t in plan.targets], ack_required=plan.ack_required,
        ack_deadline=issue_deadline if plan.ack_required else None, confirmation_phrase=plan.confirmation_phrase,
        remind_days_before=plan.remind_days_before, escalate_days_after=plan.escalate_days_after,
        forward_required=plan.forward_required)
    _attach(directive, plan, officer=officer, department=department, director=director)
    _issue(directive, director)
    _backdate(directive, issued_at, deadline if plan.ack_required else None)
    lagging = _lagging_units(directive, rng)
    if plan.forward_required:
        _forward(directive, plan, rng=rng, now=now, lagging=lagging, keep_unforwarded=keep_unforwarded)
    _read(directive, plan, rng=rng, now=now, lagging=lagging,
          until=now - dt.timedelta(days=plan.withdrawn_days_ago or 0))
    issuing.refresh_unit_counts(directive=directive, start="/", end=issuing.PATH_END, awaiting_forward=False)
    _close_past_steps(directive, now)
    if plan.corrected_days_ago is not None:
        correction = services.correct_directive(actor=director, directive=directive)
        services.update_directive(actor=officer, directive=correction, version=correction.version,
                                  title=plan.title + " (đính chính thời hạn báo cáo)",
                                  ack_deadline=now + dt.timedelta(days=6),
                                  summary=plan.summary.replace("05/12/2026", "12/12/2026"))
        _issue(correction, director)
        _backdate(correction, _office_hour(now - dt.timedelta(days=plan.corrected_days_ago), rng),
                  now + dt.timedelta(days=6))
        _read(correction, plan, rng=rng, now=now, lagging=lagging, until=now, scale=0.8)
        issuing.refresh_unit_counts(directive=correction, start="/", end=issuing.PATH_END, awaiting_forward=False)
    if plan.withdrawn_days_ago is not None:
        withdrawn = services.withdraw_directive(actor=director, directive=directive, reason=plan.withdraw_reason)
        Directive.objects.filter(pk=withdrawn.pk).update(
            withdrawn_at=_office_hour(now - dt.timedelta(days=plan.withdrawn_days_ago), rng))


def _attach(directive: Directive, plan: Plan, *, officer: Person, department: Unit, director: Person) -> None:
    """The signed document as a one-page PDF (public directives are published on the portal with it)."""
    from .documents import pdf

    labels = dict(DocType.choices)
    content = pdf(issuer=department.name, parent="UBND tỉnh Bình Sơn", number=plan.number,
                  issued_on=directive.document_date or timezone.localdate(), type_label=str(labels[plan.doc_type]),
                  title=plan.title, summary=plan.summary, signer=director.full_name)
    services.add_attachment(actor=officer, directive=directive, upload=SimpleUploadedFile(
        f"{plan.number.replace('/', '-')}.pdf", content, content_type="application/pdf"))


def _office_hour(when: dt.datetime, rng: random.Random) -> dt.datetime:
    local = timezone.localtime(when)
    hour = min(max(local.hour, 7), 16)
    return local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))


def _backdate(directive: Directive, issued_at: dt.datetime, deadline: dt.datetime | None) -> None:
    Directive.objects.filter(pk=directive.pk).update(issued_at=issued_at, ack_deadline=deadline)
    IssueJob.objects.filter(directive=directive).update(started_at=issued_at,
                                                        finished_at=issued_at + dt.timedelta(seconds=4))
    Receipt.objects.filter(directive=directive).update(delivered_at=issued_at + dt.timedelta(seconds=3))
    Dispatch.objects.filter(directive=directive, step="issued").update(finished_at=issued_at + dt.timedelta(minutes=2))


def _lagging_units(directive: Directive, rng: random.Random) -> set[int]:
    units = sorted(DirectiveUnitCount.objects.filter(directive=directive).values_list("unit_id", flat=True))
    return {u for u in units if rng.random() < LAGGING_SHARE}


def _later(start: dt.datetime, mean_hours: float, rng: random.Random, until: dt.datetime) -> dt.datetime | None:
    """A moment after `start` (exponential delay), moved into waking hours; None if after `until`."""
    when = timezone.localtime(start + dt.timedelta(hours=rng.expovariate(1 / mean_hours)))
    if when.hour < TZ_OPEN:
        when = when.replace(hour=TZ_OPEN, minute=rng.randrange(60))
    elif when.hour >= TZ_CLOSE:
        when = (when + dt.timedelta(days=1)).replace(hour=TZ_OPEN, minute=rng.randrange(60))
    return when if when < until else None


def _forward(directive: Directive, plan: Plan, *, rng: random.Random, now: dt.datetime, lagging: set[int],
             keep_unforwarded: set[int]) -> None:
    heads = (Receipt.objects.filter(directive=directive, role=Role.HEAD)
             .select_related("person", "unit").order_by("unit_path"))
    issued_at = Directive.objects.values_list("issued_at", flat=True).get(pk=directive.pk)
    assert issued_at is not None
    with transaction.atomic():  # one commit for all the forwards (SQLite syncs at every commit)
        _forward_heads(directive, plan, heads, issued_at=issued_at, rng=rng, now=now, lagging=lagging,
                       keep_unforwarded=keep_unforwarded)
    # Pretend history: the forwards' e-mails are not sent now (their in-app notices stay).
    Delivery.objects.filter(notification__kind=KIND_FORWARDED, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SKIPPED)


def _forward_heads(directive: Directive, plan: Plan, heads: Any, *, issued_at: dt.datetime, rng: random.Random,
                   now: dt.datetime, lagging: set[int], keep_unforwarded: set[int]) -> None:
    for receipt in heads:
        share = plan.forward_share / 3 if receipt.unit_id in lagging else plan.forward_share
        if receipt.person_id in keep_unforwarded or rng.random() >= share:
            continue
        when = _later(issued_at, 20, rng, now)
        if when is None:
            continue
        forward = services.forward_directive(actor=receipt.person, directive=directive, unit=receipt.unit,
                                             note="Đề nghị các tổ chuyên môn phổ biến tới toàn thể giáo viên, "
                                                  "nhân viên và thực hiện nghiêm túc.")
        Forward.objects.filter(pk=forward.pk).update(forwarded_at=when)
        Receipt.objects.filter(forward=forward).update(delivered_at=when)
        read = max(receipt.delivered_at, when - dt.timedelta(minutes=20))
        Receipt.objects.filter(pk=receipt.pk, opened_at__isnull=True).update(opened_at=read)


def _read(directive: Directive, plan: Plan, *, rng: random.Random, now: dt.datetime, lagging: set[int],
          until: dt.datetime, scale: float = 1.0) -> None:
    """Play the recipients' first reads and acknowledgments (timestamps only; counters recounted after)."""
    rows = list(Receipt.objects.filter(directive=directive).only("id", "unit_id", "delivered_at", "opened_at",
                                                                 "acknowledged_at", "ack_comment"))
    changed: list[Receipt] = []
    for r in rows:
        slow = r.unit_id in lagging
        read_rate = plan.read_rate * (0.35 if slow else 1.0) * scale
        if rng.random() >= read_rate:
            continue
        opened = r.opened_at or _later(r.delivered_at, 30 if slow else 10, rng, until)
        if opened is None:
            continue
        r.opened_at = opened
        if plan.ack_required and rng.random() < plan.ack_rate * (0.5 if slow else 1.0):
            r.acknowledged_at = _later(opened, 0.5, rng, until)
            r.ack_comment = rng.choice(["", "", "", "Đã triển khai tới tổ chuyên môn.", "Đã nắm được nội dung."])
        changed.append(r)
    # executemany of one small UPDATE: bulk_update's CASE expressions grow with the batch (slow on SQLite).
    writer = Writer()
    sql = (f"UPDATE {Receipt._meta.db_table} SET opened_at = %s, acknowledged_at = %s, ack_comment = %s "  # noqa: S608
           "WHERE id = %s")
    # In one transaction: outside one, SQLite commits (and syncs) after every row.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [(writer.datetime(r.opened_at), None if r.acknowledged_at is None else
                                  writer.datetime(r.acknowledged_at), r.ack_comment, r.pk) for r in changed
                                 if r.opened_at is not None])


def _close_past_steps(directive: Directive, now: dt.datetime) -> None:
    """Reminder steps whose time is already past in the pretend history are recorded as sent."""
    d = Directive.objects.get(pk=directive.pk)
    if d.ack_deadline is None:
        return
    steps = [f"before:{n}" for n in d.remind_days_before if d.ack_deadline - dt.timedelta(days=n) <= now]
    if d.escalate_days_after is not None and d.ack_deadline + dt.timedelta(days=d.escalate_days_after) <= now:
        steps.append("escalate")
    Dispatch.objects.bulk_create([Dispatch(directive=d, step=s, state=Dispatch.State.DONE, finished_at=now)
                                  for s in steps], ignore_conflicts=True)
