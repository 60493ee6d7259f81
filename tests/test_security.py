"""Headers, admin lockout and production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parent.parent


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


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_an_account_is_locked_after_five_failed_logins(client):
    User.objects.create_superuser("curator", "c@example.org", "right-password-123")
    for attempt in range(5):
        login(client, "curator", f"wrong-{attempt}", address=f"10.0.0.{attempt + 1}")
    locked = login(client, "curator", "right-password-123", address="10.0.0.99")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()


def test_an_address_is_locked_after_five_failed_logins(client):
    User.objects.create_superuser("curator", "c@example.org", "right-password-123")
    for attempt in range(5):
        login(client, f"nobody{attempt}", "wrong", address="10.9.9.9")
    assert (
        login(client, "curator", "right-password-123", address="10.9.9.9").status_code
        == 429
    )
    # Another address can still sign in.
    assert (
        login(client, "curator", "right-password-123", address="10.1.1.1").status_code
        == 302
    )


def test_a_good_login_still_works(client):
    User.objects.create_superuser("curator", "c@example.org", "right-password-123")
    assert login(client, "curator", "right-password-123").status_code == 302


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


def test_security_txt_says_where_to_report(client):
    response = client.get("/.well-known/security.txt")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith("Contact: mailto:")
    assert "Expires: " in body
