"""Whole public pages are kept until content changes (Django's cache middleware,
with keys holding the content version: cases.caching, cases.middleware)."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from cases import caching
from cases.models import Case
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_a_repeated_page_is_answered_from_memory(client, django_assert_num_queries):
    make_case(title="缓存测试案例")
    url = reverse("cases:case-list")
    first = client.get(url, {"q": "缓存测试"})
    with django_assert_num_queries(1):  # the content version, nothing else
        again = client.get(url, {"q": "缓存测试"})
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_new_case_shows_on_the_next_request(client):
    url = reverse("cases:case-list")
    assert "新发布的缓存案例" not in client.get(url).content.decode()
    make_case(title="新发布的缓存案例")
    assert "新发布的缓存案例" in client.get(url).content.decode()


def test_an_unpublished_case_is_gone_at_once(client):
    case = make_case(title="即将撤回的案例")
    url = reverse("cases:case-detail", args=[case.pk])
    assert client.get(url).status_code == 200
    case.status = Case.Status.DRAFT
    case.save()
    assert client.get(url).status_code == 404
    assert "即将撤回的案例" not in client.get(reverse("cases:home")).content.decode()


def test_a_missing_page_is_not_kept(client):
    draft = make_case(title="稍后发布的案例", status=Case.Status.DRAFT)
    url = reverse("cases:case-detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    Case.objects.filter(pk=draft.pk).update(  # no signal: the version stays
        status=Case.Status.PUBLISHED
    )
    assert client.get(url).status_code == 200


def test_admin_pages_are_never_kept(client):
    user = User.objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(user)
    case = make_case(title="后台原标题")
    url = reverse("admin:cases_case_changelist")
    assert "后台原标题" in client.get(url).content.decode()
    Case.objects.filter(pk=case.pk).update(title="后台新标题")  # no signal
    assert "后台新标题" in client.get(url).content.decode()


def test_browsers_are_not_told_to_keep_a_page_the_server_keeps(client):
    url = reverse("cases:case-list")
    for response in (client.get(url), client.get(url)):  # kept, then served kept
        assert "Expires" not in response
        assert "max-age=0" in response["Cache-Control"]


def test_a_rolled_back_edit_cannot_lend_its_version_to_a_later_one():
    """Counts cached during a write that was rolled back belong to a version no
    later write will have."""
    caching.bump_content_version()
    with transaction.atomic():
        caching.bump_content_version()
        cache.set("stale-count", 1)
        transaction.set_rollback(True)
    caching.bump_content_version()
    assert cache.get("stale-count") is None


def test_counts_are_kept_until_content_changes():
    caching.bump_content_version()
    assert caching.cached("count", (), lambda: 1) == 1
    assert caching.cached("count", (), lambda: 2) == 1
    make_case(title="让计数失效的案例")
    assert caching.cached("count", (), lambda: 3) == 3
