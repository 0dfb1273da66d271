"""manage.py demo: load the demo province "tỉnh Bình Sơn" (idempotent) and print the demo sign-ins."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from educomms.demo import directives, documents, enquiries, monitoring, province, stories


def _n(value: float, decimals: int = 0) -> str:
    """Vietnamese number format: 12.201 and 1,2."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


class Command(BaseCommand):
    help = _("Nạp tỉnh trình diễn “Bình Sơn” (hư cấu): Sở, các phòng, xã/phường, khoảng 400 trường và 12.000 "
             "nhân sự. Chạy lại không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=province.DEFAULT_SCHOOLS,
                            help=_("Số trường (mặc định 400; nhỏ hơn để chạy nhanh)."))
        parser.add_argument("--seed", type=int, default=province.DEFAULT_SEED,
                            help=_("Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)."))
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        try:
            result = province.load(schools=options["schools"], seed=options["seed"], using=options["database"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if result.created:
            self.stdout.write(self.style.SUCCESS(_(
                "Đã nạp tỉnh trình diễn Bình Sơn: %(units)s đơn vị (%(schools)s trường), %(people)s nhân sự, "
                "%(memberships)s nhiệm vụ, trong %(seconds)s giây.") % {
                "units": _n(result.units), "schools": _n(result.schools), "people": _n(result.people),
                "memberships": _n(result.memberships), "seconds": _n(result.seconds, 1)}))
        else:
            self.stdout.write(_("Tỉnh trình diễn Bình Sơn đã có sẵn (mã %(code)s): không thay đổi gì.") % {
                "code": province.ROOT_CODE})
        if options["database"] == DEFAULT_DB_ALIAS:  # the newsroom services write to the default database
            self._load_stories()
            self._load_portal_content()
            self._load_directives()
            self._load_monitoring()
        self._print_sign_ins(result.people_by_key)

    def _load_stories(self) -> None:
        news = stories.load()
        if not news.demo:
            self.stdout.write(_("Cơ sở dữ liệu này không phải tỉnh trình diễn: không nạp tin bài."))
            return
        counts = {"stories": _n(news.stories), "published": _n(news.published),
                  "schools": _n(news.school_published), "review": _n(news.in_review),
                  "changes": _n(news.changes_requested), "scheduled": _n(news.scheduled)}
        if news.created:
            self.stdout.write(self.style.SUCCESS(_(
                "Đã nạp tin bài trình diễn: %(stories)s tin bài, %(published)s đã đăng (%(schools)s của các "
                "trường), %(review)s chờ duyệt, %(changes)s cần sửa, %(scheduled)s hẹn giờ đăng.") % counts))
        else:
            self.stdout.write(_("Tin bài trình diễn đã có sẵn (%(stories)s tin bài): không thay đổi gì.") % counts)

    def _load_portal_content(self) -> None:
        created = documents.load()
        if created:
            self.stdout.write(self.style.SUCCESS(_("Đã đăng %(n)s văn bản công khai trình diễn.") % {"n": _n(created)}))
        asked = enquiries.load()
        if not asked.demo:
            return
        counts = {"questions": _n(asked.questions), "published": _n(asked.published), "feedback": _n(asked.feedback)}
        if asked.created:
            self.stdout.write(self.style.SUCCESS(_(
                "Đã nạp hỏi đáp trình diễn: %(questions)s câu hỏi (%(published)s đã trả lời công khai), "
                "%(feedback)s góp ý.") % counts))

    def _load_directives(self) -> None:
        issued = directives.load()
        if not issued.demo or not issued.created:
            return
        self.stdout.write(self.style.SUCCESS(_(
            "Đã ban hành %(directives)s văn bản chỉ đạo trình diễn: %(receipts)s lượt nhận, %(acknowledged)s đã "
            "xác nhận, %(forwards)s lượt chuyển tiếp.") % {
            "directives": _n(issued.directives), "receipts": _n(issued.receipts),
            "acknowledged": _n(issued.acknowledged), "forwards": _n(issued.forwards)}))

    def _load_monitoring(self) -> None:
        watched = monitoring.load()
        if not watched.demo or not watched.created:
            return
        self.stdout.write(self.style.SUCCESS(_(
            "Đã nạp theo dõi dư luận trình diễn: %(sources)s nguồn tin (%(feeds)s nguồn RSS), %(topics)s chủ đề, "
            "%(mentions)s tin, %(clusters)s cụm tin đăng lại, %(alerts)s cảnh báo (%(acknowledged)s đã xác nhận), "
            "%(cases)s vụ việc thông tin sai lệch, trong %(seconds)s giây.") % {
            "sources": _n(watched.sources), "feeds": _n(watched.feeds), "topics": _n(watched.topics),
            "mentions": _n(watched.mentions), "clusters": _n(watched.clusters), "alerts": _n(watched.alerts),
            "acknowledged": _n(watched.acknowledged), "cases": _n(watched.cases),
            "seconds": _n(watched.seconds, 1)}))

    def _print_sign_ins(self, people) -> None:
        accounts = [a for a in province.sign_in_accounts() if a.key in people]
        if not accounts:
            self.stdout.write(self.style.WARNING(_("Không tìm thấy tài khoản trình diễn nào.")))
            return
        rows = [(_("Vai trò"), _("Họ và tên"), _("Thư điện tử"), _("Số điện thoại"), _("Mật khẩu"))]
        for account in accounts:
            person = people[account.key]
            rows.append((str(account.label), person.full_name, person.email or "", person.phone or "",
                         account.password))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
        self.stdout.write("")
        self.stdout.write(_("Tài khoản trình diễn (đăng nhập bằng thư điện tử hoặc số điện thoại):"))
        self.stdout.write(line)
        for i, row in enumerate(rows):
            self.stdout.write("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
            if i == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        self.stdout.write(self.style.WARNING(_(
            "Đây là bản trình diễn: mọi người và đơn vị đều hư cấu, mật khẩu “%(password)s” ai cũng biết. "
            "Đừng dùng cơ sở dữ liệu này cho dữ liệu thật.") % {"password": province.DEMO_PASSWORD}))
