"""Headers, admin lockout and production settings."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as project_settings
from django.contrib.auth.models import User
from django.db.models import F
from django.urls import reverse

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parent.parent
PASSWORD = "right-password-123"
ADDRESS_LIMIT = project_settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("cases:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_cannot_be_framed_and_leak_no_referrer(client):
    response = client.get(reverse("cases:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def login(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, times, username="curator", address="10.0.0.1"):
    for attempt in range(times):
        login(client, username, f"wrong-{attempt}", address=address)


def minutes_pass(minutes):
    """Age every recorded failure, as if ``minutes`` had gone by."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - timedelta(minutes=minutes)
    )


@pytest.fixture
def curators():
    for name in ("curator", "colleague"):
        User.objects.create_superuser(name, f"{name}@example.org", PASSWORD)


def test_five_failures_lock_the_account_at_that_address(client, curators):
    fail(client, 5)
    locked = login(client, "curator", PASSWORD)
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()


def test_a_lockout_does_not_reach_other_addresses_or_colleagues(client, curators):
    fail(client, 5, address="10.0.0.1")
    assert login(client, "curator", PASSWORD, address="10.0.0.2").status_code == 302
    assert login(client, "colleague", PASSWORD, address="10.0.0.1").status_code == 302


def test_a_few_typos_behind_one_office_address_lock_no_one_else(client, curators):
    for name in ("zhang", "wang", "li", "zhao", "chen", "liu"):
        fail(client, 1, username=name, address="10.9.9.9")
    assert login(client, "curator", PASSWORD, address="10.9.9.9").status_code == 302


def test_many_accounts_tried_from_one_address_lock_that_address(client, curators):
    for n in range(ADDRESS_LIMIT):
        fail(client, 1, username=f"guess{n}", address="10.9.9.9")
    assert login(client, "curator", PASSWORD, address="10.9.9.9").status_code == 429
    assert login(client, "curator", PASSWORD, address="10.1.1.1").status_code == 302


def test_a_colleagues_login_does_not_clear_the_addresss_failures(client, curators):
    for n in range(ADDRESS_LIMIT - 1):
        fail(client, 1, username=f"guess{n}", address="10.9.9.9")
    assert login(client, "colleague", PASSWORD, address="10.9.9.9").status_code == 302
    client.logout()
    fail(client, 1, username="one-more-guess", address="10.9.9.9")
    assert login(client, "curator", PASSWORD, address="10.9.9.9").status_code == 429


def test_a_lockout_ends_on_time_whatever_is_tried_meanwhile(client, curators):
    fail(client, 5)
    minutes_pass(20)
    assert login(client, "curator", "still-wrong").status_code == 429
    assert login(client, "curator", PASSWORD).status_code == 429
    minutes_pass(11)
    assert login(client, "curator", PASSWORD).status_code == 302


def test_without_a_proxy_the_forwarded_address_is_ignored(client, curators, settings):
    settings.PROXY_COUNT = 0
    login(
        client, "curator", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6"
    )
    assert AccessAttempt.objects.get().ip_address == "10.0.0.1"


@pytest.mark.parametrize(
    "count, forwarded, seen",
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # Only the proxy's own entry is trusted: what the client sent is ignored.
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.5", "203.0.113.7"),
        # Fewer entries than proxies, or nonsense: the connecting address.
        (2, "203.0.113.7", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_behind_proxies_the_client_address_comes_from_x_forwarded_for(
    client, curators, settings, count, forwarded, seen
):
    settings.PROXY_COUNT = count
    login(
        client, "curator", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert AccessAttempt.objects.get().ip_address == seen


def test_the_lockout_records_read_in_chinese_in_the_admin(client, curators):
    fail(client, 1)
    client.force_login(User.objects.get(username="colleague"))
    index = client.get(reverse("admin:index")).content.decode()
    assert "登录锁定" in index and "登录失败记录" in index
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "失败次数" in page and "IP 地址" in page
    assert "Failed Logins" not in page and "access attempt" not in page.lower()


def test_a_good_login_still_works(client, curators):
    assert login(client, "curator", PASSWORD).status_code == 302


def test_non_staff_users_cannot_reach_the_admin(client):
    user = User.objects.create_user("reader", "r@example.org", "reader-password-123")
    client.force_login(user)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 302


def test_production_settings_pass_the_deployment_checks():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "govcases.example.org",
        "DATABASE_URL": "sqlite:////tmp/govcases-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


CONTACT = "mailto:security@gov.example.cn"


def test_security_txt_says_where_to_report_in_utf_8(client, settings):
    settings.SECURITY_CONTACT = CONTACT
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == f"Contact: {CONTACT}"
    assert any(line.startswith("Expires: ") for line in lines)


@pytest.mark.parametrize("secure, scheme", [(True, "https"), (False, "http")])
def test_security_txt_is_canonical_under_the_requests_scheme(
    client, settings, secure, scheme
):
    settings.SECURITY_CONTACT = CONTACT
    body = client.get("/.well-known/security.txt", secure=secure).content.decode()
    assert f"Canonical: {scheme}://testserver/.well-known/security.txt" in body


def test_without_a_contact_there_is_no_security_txt(client, settings):
    settings.SECURITY_CONTACT = ""
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 404
    assert "Contact:" not in response.content.decode()
