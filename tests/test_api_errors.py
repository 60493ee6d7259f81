"""Every error under /api/ is JSON with a Chinese message and the right status."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
CASES = "/api/cases/"


def json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert any("\u4e00" <= char <= "\u9fff" for char in error), error
    return error


def test_too_many_parameters_get_a_json_400(client, settings):
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    query = "&".join(f"p{n}=1" for n in range(limit + 1))
    assert "参数过多" in json_error(client.get(f"{CASES}?{query}"), 400)


def test_a_nul_byte_gets_a_json_400(client):
    json_error(client.get(CASES, {"q": "茶\x00话"}), 400)


@pytest.mark.parametrize("params", [{"page_size": "x"}, {"region": "abc"}])
def test_a_bad_value_gets_a_json_400(client, params):
    json_error(client.get(CASES, params), 400)


def test_a_page_past_the_end_gets_a_json_404(client):
    json_error(client.get(CASES, {"page": 9999}), 404)


def test_an_unknown_api_address_gets_a_json_404(client):
    json_error(client.get("/api/nothing-here/"), 404)


def test_a_host_that_is_not_allowed_gets_a_json_400(client):
    json_error(client.get(CASES, HTTP_HOST="evil.example"), 400)


def test_a_write_gets_a_json_405(client):
    response = client.post(reverse("endpoints:api-metric-list"), {"q": "x"})
    json_error(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_a_server_error_gets_a_json_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("cases.api.case_rows", broken)
    client.raise_request_exception = False
    json_error(client.get(CASES), 500)


def test_the_site_keeps_its_html_error_pages(client, settings):
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    query = "&".join(f"p{n}=1" for n in range(limit + 1))
    bad = client.get(f"{reverse('cases:case-list')}?{query}")
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("text/html")
    assert "请求无效" in bad.content.decode()
    missing = client.get("/nothing-here/")
    assert missing.status_code == 404
    assert "页面不存在" in missing.content.decode()
