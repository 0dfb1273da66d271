"""The OpenAPI document and the documentation page (Swagger UI from our own static files, under the CSP)."""

import json
import re

from django.contrib.staticfiles import finders

EXPECTED_OPERATIONS = {
    ("/api/v1/me", "get"),
    ("/api/v1/units", "get"), ("/api/v1/units", "post"),
    ("/api/v1/units/{unit_id}", "get"), ("/api/v1/units/{unit_id}", "patch"),
    ("/api/v1/units/{unit_id}/children", "get"),
    ("/api/v1/units/{unit_id}/counts", "get"),
    ("/api/v1/units/{unit_id}/spokespersons", "get"),
    ("/api/v1/units/{unit_id}/move", "post"),
    ("/api/v1/units/{unit_id}/deactivate", "post"),
    ("/api/v1/people", "get"), ("/api/v1/people", "post"),
    ("/api/v1/people/{person_id}", "get"),
    ("/api/v1/people/{person_id}/memberships", "post"),
    ("/api/v1/memberships/{membership_id}/end", "post"),
}


def test_it_serves_a_valid_openapi_document_listing_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "educomms API"
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    assert EXPECTED_OPERATIONS <= operations
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerToken"].items()


def test_it_documents_the_error_format_on_every_operation(client, db):
    document = client.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status in ("401", "404"):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, method, status)
    assert set(document["components"]["schemas"]["ErrorBody"]["properties"]) == {"code", "message", "details"}


def test_it_documents_paging_parameters_and_iso_dates(client, db):
    document = client.get("/api/v1/openapi.json").json()
    names = {p["name"] for p in document["paths"]["/api/v1/people"]["get"]["parameters"]}
    assert {"limit", "offset", "unit", "role", "active", "q"} <= names
    membership = document["components"]["schemas"]["MembershipOut"]["properties"]
    assert membership["since"]["format"] == "date"


def test_it_serves_the_docs_page_with_same_origin_scripts_only(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    text = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    scripts = re.findall(r"<script\b[^>]*>", text)
    assert scripts, "the page loads Swagger UI"
    for tag in scripts:
        src = re.search(r'src="([^"]+)"', tag)
        assert src and src.group(1).startswith("/static/"), tag
    assert "/static/vendor/swagger-ui-bundle-5.35.0.js" in text
    assert "/static/api/docs.js" in text
    assert 'data-openapi-url="/api/v1/openapi.json"' in text
    # No asset from a CDN host (not a bare "cdn": the page's random CSRF token may spell it)
    assert not re.search(r"(?:https?:)?//[^\s\"'<>]*cdn", text.lower()) and ' style="' not in text


def test_it_ships_the_vendored_swagger_files_with_their_license(db):
    for name in ("vendor/swagger-ui-bundle-5.35.0.js", "vendor/swagger-ui-5.35.0.css",
                 "vendor/swagger-ui-5.35.0.LICENSE.txt", "api/docs.js"):
        assert finders.find(name), name


def test_it_points_the_api_root_at_the_documents(client, db):
    body = client.get("/api/v1/").json()
    assert body == {"name": "educomms API", "version": "1", "openapi": "/api/v1/openapi.json",
                    "docs": "/api/v1/docs"}
