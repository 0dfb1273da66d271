"""Every error under /api/v1 has one format: {"error": {"code", "message", "details"}}, in Vietnamese,
without internals."""

import pytest
from django.db import IntegrityError
from django.test import Client

from educomms.api.tests.helpers import ApiClient, error_of
from educomms.org import services as org_services
from educomms.org.models import Unit


def test_it_answers_an_unknown_address_with_a_json_404(world, api_as):
    for method in ("get", "post", "delete"):
        response = getattr(api_as(world.director), method)("/api/v1/khong-co-gi-o-day")
        assert response.status_code == 404, method
        error = error_of(response)
        assert error == {"code": "not_found", "message": "Không có địa chỉ API này. Xem tài liệu tại /api/v1/docs.",
                         "details": []}


def test_it_answers_a_missing_object_with_not_found(world, api_as):
    error = error_of(api_as(world.director).get("/api/v1/people/424242"))
    assert error == {"code": "not_found", "message": "Không tìm thấy.", "details": []}


def test_it_answers_a_wrong_method_with_a_json_405(world, api_as):
    response = api_as(world.director).delete(f"/api/v1/units/{world.school_a.pk}")
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}
    error = error_of(response)
    assert error["code"] == "method_not_allowed"
    assert error["message"] == "Phương thức DELETE không được hỗ trợ tại địa chỉ này."
    assert Unit.objects.filter(pk=world.school_a.pk).exists()


def test_it_answers_unreadable_json_with_a_400(world, api_as):
    client = api_as(world.director)
    response = client.client.post("/api/v1/units", data="{không phải json", content_type="application/json",
                                  headers=client.headers)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "bad_request"
    assert error["message"] == "Yêu cầu không hợp lệ (không đọc được dữ liệu gửi lên)."


def test_it_answers_401_without_credentials(world):
    response = Client().get("/api/v1/units")
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "unauthorized"
    assert "Authorization: Bearer" in error["message"]


def test_it_answers_403_with_the_forbidden_code(world, api_as):
    response = api_as(world.teacher_a).post(f"/api/v1/units/{world.school_a.pk}/deactivate")
    assert response.status_code == 403
    assert error_of(response) == {"code": "forbidden", "message": "Bạn không có quyền thực hiện thao tác này.",
                                  "details": []}


def test_it_answers_a_schema_error_with_422_and_field_details(world, api_as):
    response = api_as(world.director).post("/api/v1/people", {"full_name": "", "unit_id": world.school_a.pk,
                                                              "role": "hieu_truong"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["message"] == "Dữ liệu gửi lên chưa hợp lệ."
    details = {d["field"]: d for d in error["details"]}
    assert details["full_name"]["message"] == "Không được để trống."
    assert details["full_name"]["type"] == "string_too_short"
    assert details["role"]["message"].startswith("Giá trị không hợp lệ. Chấp nhận: 'head', 'deputy_head'")
    assert " or " not in details["role"]["message"]


def test_it_names_the_query_parameter_at_fault(world, api_as):
    response = api_as(world.director).get("/api/v1/people", data={"role": "x", "offset": "-1"})
    assert response.status_code == 422
    details = {d["field"]: d for d in error_of(response)["details"]}
    assert details["offset"] == {"field": "offset", "location": "query", "message": "Phải lớn hơn hoặc bằng 0.",
                                 "type": "greater_than_equal"}
    assert details["role"]["location"] == "query"


def test_it_answers_a_service_rule_with_400_in_vietnamese(world, api_as):
    response = api_as(world.director).post(f"/api/v1/units/{world.commune.pk}/move",
                                           {"new_parent_id": world.school_a.pk})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["message"] == "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."
    assert error["details"] == [{"field": "", "message": error["message"], "type": "invalid", "location": None}]


def test_it_answers_a_database_conflict_with_409(world, api_as, monkeypatch):
    # Two requests racing for the same unit code: the service checked, the database constraint decided.
    def racing(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: org_unit.code")

    monkeypatch.setattr(org_services, "create_unit", racing)
    response = api_as(world.director).post("/api/v1/units", {"parent_id": world.commune.pk, "kind": "school",
                                                             "name": "Trường Tiểu học Bình Minh"})
    assert response.status_code == 409
    error = error_of(response)
    assert error == {"code": "conflict", "message": "Dữ liệu xung đột với dữ liệu đã có.", "details": []}
    assert "org_unit" not in response.content.decode()


def test_it_answers_an_unexpected_error_with_500_and_leaks_nothing(world, api_as, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("SELECT password FROM org_person -- internal detail")

    monkeypatch.setattr("educomms.org.selectors.subtree_counts", broken)
    response = api_as(world.director).get(f"/api/v1/units/{world.department.pk}/counts")
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "internal_error"
    assert error["message"].startswith("Đã có lỗi không mong muốn.")
    text = response.content.decode()
    assert "password" not in text and "RuntimeError" not in text and "Traceback" not in text
    assert any("internal detail" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_it_asks_a_leader_for_the_second_factor_before_session_use(world, login):
    # The accounts middleware leaves /api/ to the API, which answers JSON rather than redirecting.
    org_services.update_unit(actor=world.admin, unit=world.school_a, require_leader_2fa=True)
    response = login(world.principal_a).get("/api/v1/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "second_factor_required"
    assert login(world.teacher_a).get("/api/v1/me").status_code == 200  # staff are not asked


@pytest.mark.parametrize("path", ["/api/v1/units", "/api/v1/me", "/api/v1/khong-co"])
def test_it_answers_errors_as_json_even_to_a_browser(world, path):
    response = ApiClient().get(path, headers={"Accept": "text/html"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    error_of(response)
