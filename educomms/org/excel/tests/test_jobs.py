"""Large files: imported by a task through an ImportJob, with progress polled by the page."""

import io

from django.tasks import default_task_backend
from django.test import override_settings
from django.urls import reverse

from educomms.org import services as org_services
from educomms.org.excel import services
from educomms.org.excel.tasks import run_import
from educomms.org.excel.tests.conftest import body, people_file, read, upload
from educomms.org.models import ImportJob, Membership, Person

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def many_people(n, *, bad_row=None):
    rows = []
    for i in range(n):
        rows.append([f"Giáo Viên Số {i}", f"gv{i}@thcs-anphu.test", f"09{i + 30000000:08d}", "", "Giáo viên",
                     "THCS-AP", "Giáo viên, nhân viên", "05/09/2025"])
    if bad_row is not None:
        rows[bad_row - 2][6] = "Không rõ"
    return people_file(rows)


def test_a_large_file_is_imported_by_the_task_and_reports_its_progress(world, login, post_file):
    client = login(world.dept_officer)
    people = Person.objects.count()
    response = post_file(client, world.department, "nhan-su", many_people(600), name="600-giao-vien.xlsx")
    job = response.context["job"]
    assert (job.state, job.total, job.processed, job.original_name) == ("done", 600, 600, "600-giao-vien.xlsx")
    assert job.result["people_created"] == 600 and job.finished_at is not None
    assert Person.objects.count() == people + 600
    assert Membership.objects.filter(unit=world.school_a, person__email__startswith="gv").count() == 600
    assert "Đã nhập 600 người mới" in response.content.decode()


def test_the_import_reports_progress_while_reading_then_writing(world):
    seen = []
    result = services.import_people(actor=world.dept_officer, unit=world.department, file=io.BytesIO(many_people(1200)),
                                    progress=lambda state, done, total: seen.append((state, done, total)))
    assert result.ok and result.people_created == 1200
    assert seen == [("reading", 500, 1200), ("reading", 1000, 1200), ("reading", 1200, 1200),
                    ("writing", 1200, 1200)]


@override_settings(TASKS=DUMMY_TASKS)
def test_the_page_polls_a_running_job_and_the_worker_runs_it_once(world, login, django_capture_on_commit_callbacks):
    client = login(world.dept_officer)
    people = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("org_excel:upload", args=[world.department.pk, "nhan-su"]),
                               {"file": upload("lon.xlsx", many_people(700))})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("org_excel:job", args=[job.pk])
    # Enqueued, not run: the worker picks it up.
    (queued,) = default_task_backend.results
    assert queued.task.name == run_import.name and queued.kwargs == {"job_id": job.pk}
    assert (job.state, job.total, job.processed) == ("pending", 700, 0)

    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and f'hx-get="{reverse("org_excel:job", args=[job.pk])}"' in page
    assert '<progress class="w-100 import-progress" max="700" value="0"' in page
    assert "style=" not in page
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="job-status"') and "<html" not in partial

    # The worker runs the task (the function takes the job id); a second delivery does nothing.
    run_import.call(job_id=job.pk)
    run_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.result["people_created"] == 700
    assert Person.objects.count() == people + 700

    finished = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in finished and "Đã nhập 700 người mới" in finished


@override_settings(TASKS=DUMMY_TASKS)
def test_a_job_whose_importer_lost_the_right_imports_nothing(world, login, django_capture_on_commit_callbacks):
    client = login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("org_excel:upload", args=[world.school_a.pk, "nhan-su"]),
                    {"file": upload("lon.xlsx", many_people(600))})
    job = ImportJob.objects.get()
    org_services.end_membership(actor=world.admin, membership=world.officer_a.memberships.get())
    run_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "rejected"
    assert job.errors == [{"row": None, "column": "",
                           "message": "Người nhập không còn quyền nhập dữ liệu cho đơn vị này."}]
    assert not Person.objects.filter(email__startswith="gv").exists()


def test_a_large_file_with_one_bad_row_imports_nothing(world, login, post_file):
    people = Person.objects.count()
    response = post_file(login(world.dept_officer), world.department, "nhan-su", many_people(600, bad_row=450))
    job = response.context["job"]
    assert job.state == "rejected" and [e["row"] for e in job.errors] == [450]
    assert Person.objects.count() == people
    assert "Dòng 450" in response.content.decode()


def test_the_errors_can_be_downloaded_as_a_workbook(world, login, post_file):
    client = login(world.dept_officer)
    response = post_file(client, world.department, "nhan-su", many_people(3, bad_row=3))
    job = response.context["job"]
    download = client.get(reverse("org_excel:job_errors", args=[job.pk]))
    assert download.status_code == 200
    rows = list(read(body(download)).active.iter_rows(values_only=True))
    assert rows[0] == ("Dòng", "Cột", "Lỗi") and rows[1][:2] == (3, "Vai trò")


def test_a_job_is_hidden_from_another_school(world, login, post_file):
    response = post_file(login(world.officer_a), world.school_a, "nhan-su", many_people(2))
    job = response.context["job"]
    for who in (world.principal_b, world.teacher_a):
        other = login(who)
        assert other.get(reverse("org_excel:job", args=[job.pk])).status_code == 404
        assert other.get(reverse("org_excel:job_errors", args=[job.pk])).status_code == 404
    # The department officer, above School A, sees it.
    assert login(world.dept_officer).get(reverse("org_excel:job", args=[job.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_login_from_a_job(client, world):
    response = client.get(reverse("org_excel:job", args=[1]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_index_lists_recent_jobs(world, login, post_file):
    client = login(world.officer_a)
    post_file(client, world.school_a, "nhan-su", many_people(2), name="to-toan.xlsx")
    page = client.get(reverse("org_excel:index")).content.decode()
    assert "to-toan.xlsx" in page and "Đã nhập xong" in page


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "nhan-su", b"PK\x03\x04 not really a zip")
    assert response.status_code == 400
    assert "Loại tệp không được chấp nhận. Chỉ nhận: XLSX." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_empty_upload_is_refused(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "nhan-su", b"")
    assert response.status_code == 400
    assert 'id="people-file-error"' in response.content.decode()
    assert not ImportJob.objects.exists()


@override_settings(TASKS=DUMMY_TASKS)
def test_a_job_whose_worker_died_is_queued_again_and_imports_once(world, login, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    client = login(world.dept_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("org_excel:upload", args=[world.department.pk, "nhan-su"]),
                    {"file": upload("lon.xlsx", many_people(600))})
    job = ImportJob.objects.get()
    # The worker claimed it and died while writing (its transaction rolled back: nothing written).
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.WRITING, processed=600,
                                               updated_at=timezone.now() - dt.timedelta(minutes=20))
    assert services.requeue_stalled_jobs() == [job.pk]
    assert services.requeue_stalled_jobs() == []  # fresh again: not requeued twice
    job.refresh_from_db()
    assert job.state == ImportJob.State.PENDING
    assert [r.kwargs for r in default_task_backend.results].count({"job_id": job.pk}) == 2
    run_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done" and Person.objects.filter(email__startswith="gv").count() == 600


def test_a_job_making_progress_is_left_alone(world, login, post_file):
    from educomms.org.models import ImportJob as Job

    job = Job.objects.create(kind=Job.Kind.PEOPLE, state=Job.State.WRITING, unit=world.department,
                             created_by=world.dept_officer, file="imports/x.xlsx")
    assert services.requeue_stalled_jobs() == []
    job.refresh_from_db()
    assert job.state == Job.State.WRITING
