from pathlib import Path

from educomms.core import lint


def test_it_flags_model_get_in_views(tmp_path: Path):
    views = tmp_path / "views.py"
    views.write_text("def v(request, pk):\n    unit = Unit.objects.get(pk=pk)\n", encoding="utf-8")
    assert len(lint.scan([tmp_path])) == 1


def test_it_covers_split_view_modules(tmp_path: Path):
    (tmp_path / "views_calendar.py").write_text("k = KeyDate.objects.get(pk=1)\n", encoding="utf-8")
    assert len(lint.scan([tmp_path])) == 1


def test_it_ignores_services_comments_and_querysets(tmp_path: Path):
    (tmp_path / "services.py").write_text("Unit.objects.get(pk=1)\n", encoding="utf-8")
    (tmp_path / "api.py").write_text("# Unit.objects.get(pk=1) is forbidden here\nqs.get(pk=1)\n", encoding="utf-8")
    assert lint.scan([tmp_path]) == []


def test_the_project_itself_is_clean():
    assert lint.scan([lint.ROOT / "educomms"]) == []
