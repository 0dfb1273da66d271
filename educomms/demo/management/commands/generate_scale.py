"""manage.py generate_scale --scale province|national [--seed N]: benchmark data by bulk inserts."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from educomms.demo.scale import SCALES, DatabaseNotEmpty, generate


def _n(value: float, decimals: int = 0) -> str:
    """Vietnamese number format: 1.700.000 and 63,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


class Command(BaseCommand):
    help = _("Sinh dữ liệu đo hiệu năng: quy mô tỉnh (1.300 đơn vị, 50.000 người) hoặc toàn quốc "
             "(54.000 đơn vị, 1,7 triệu người). Chỉ dùng cho cơ sở dữ liệu đo hiệu năng còn trống.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--units", type=int, help=_("Số đơn vị (ghi đè quy mô đã chọn)."))
        parser.add_argument("--people", type=int, help=_("Số người (ghi đè quy mô đã chọn)."))
        parser.add_argument("--provinces", type=int, help=_("Số tỉnh (ghi đè quy mô đã chọn)."))
        parser.add_argument("--force", action="store_true",
                            help=_("Chạy cả khi cơ sở dữ liệu đã có đơn vị hoặc nhân sự."))
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        scale = SCALES[options["scale"]]
        units = options["units"] or scale.units
        people = options["people"] or scale.people
        provinces = options["provinces"] or (scale.provinces if not options["units"] else 1)

        def progress(stage: str, n: int) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {stage}: {_n(n)}")

        try:
            result = generate(units=units, people=people, provinces=provinces, seed=options["seed"],
                              using=options["database"], force=options["force"], progress=progress)
        except DatabaseNotEmpty:
            raise CommandError(_("Cơ sở dữ liệu đã có đơn vị hoặc nhân sự. Lệnh này chỉ dành cho cơ sở dữ liệu đo "
                                 "hiệu năng còn trống; dùng --force nếu thật sự muốn ghi thêm.")) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            _("Đã sinh %(units)s đơn vị, %(people)s người, %(memberships)s nhiệm vụ trong %(seconds)s giây.") % {
                "units": _n(result.units), "people": _n(result.people), "memberships": _n(result.memberships),
                "seconds": _n(result.seconds, 1)}))
