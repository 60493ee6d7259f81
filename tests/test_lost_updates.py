"""No lost update: a save begun before another change to the case is refused."""

import re
import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.admin import CaseAdmin
from cases.models import Case, Metric
from tests.factories import make_case, make_metric
from tests.test_admin import change_form_data


def login(name) -> Client:
    client = Client()
    client.force_login(
        User.objects.create_superuser(name, f"{name}@example.org", "s3cret-pass")
    )
    return client


def case_form(client, case) -> dict:
    return change_form_data(
        client.get(reverse("admin:cases_case_change", args=[case.pk]))
    )


def figure_form(client, figure) -> dict:
    return change_form_data(
        client.get(reverse("admin:cases_metric_change", args=[figure.pk]))
    )


def post_case(client, case, data):
    return client.post(reverse("admin:cases_case_change", args=[case.pk]), data)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def case(db):
    case = make_case(title="原标题")
    make_metric(case, subject="收集居民诉求")
    return case


@pytest.mark.django_db
def test_a_stale_save_is_refused_naming_who_changed_what_and_keeps_the_input(case):
    alice, bob = login("alice"), login("bob")
    opened_by_alice = case_form(alice, case)
    bobs = case_form(bob, case)
    bobs["title"] = "鲍勃改的标题"
    assert post_case(bob, case, bobs).status_code == 302

    opened_by_alice["summary"] = "爱丽丝写了一段新的摘要"
    response = post_case(alice, case, opened_by_alice)
    assert response.status_code == 200
    page = text_of(response)
    assert "bob" in page and "标题" in page
    assert "爱丽丝写了一段新的摘要" in page  # what she typed is still in the form
    case.refresh_from_db()
    assert (case.title, case.summary) == ("鲍勃改的标题", "测试用的案例摘要。")
    # Saving the same stale page again is refused again, not let through.
    assert post_case(alice, case, opened_by_alice).status_code == 200


@pytest.mark.django_db
def test_a_figure_edited_on_its_own_page_survives_a_stale_case_form(case):
    alice, bob = login("alice"), login("bob")
    opened_by_alice = case_form(alice, case)
    figure = case.metrics.get()
    bobs = figure_form(bob, figure)
    bobs["subject"] = "鲍勃改的统计对象"
    url = reverse("admin:cases_metric_change", args=[figure.pk])
    assert bob.post(url, bobs).status_code == 302

    opened_by_alice["title"] = "爱丽丝的标题"
    response = post_case(alice, case, opened_by_alice)
    assert response.status_code == 200
    assert "bob" in text_of(response) and "鲍勃改的统计对象" in text_of(response)
    figure.refresh_from_db()
    case.refresh_from_db()
    assert (figure.subject, case.title) == ("鲍勃改的统计对象", "原标题")


def change_on_figure_page(client, case):
    figure = case.metrics.get()
    data = figure_form(client, figure)
    data["period"] = "2024年"
    url = reverse("admin:cases_metric_change", args=[figure.pk])
    assert client.post(url, data).status_code == 302


def delete_on_figure_page(client, case):
    figure = case.metrics.get()
    url = reverse("admin:cases_metric_delete", args=[figure.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def change_inline(client, case):
    data = case_form(client, case)
    data["metrics-0-period"] = "2024年"
    assert post_case(client, case, data).status_code == 302


def send_back_to_draft(client, case):
    client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "send_back_to_draft", "_selected_action": [case.pk]},
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.DRAFT


def change_links(client, case):
    case.practices.create(name="别处加的做法")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        change_on_figure_page,
        delete_on_figure_page,
        change_inline,
        send_back_to_draft,
        change_links,
    ],
)
def test_every_change_to_a_case_or_its_figures_makes_older_forms_stale(case, change):
    alice, bob = login("alice"), login("bob")
    opened_by_alice = case_form(alice, case)
    change(bob, case)
    opened_by_alice["title"] = "爱丽丝的标题"
    assert post_case(alice, case, opened_by_alice).status_code == 200
    assert Case.objects.get(pk=case.pk).title == "原标题"


@pytest.mark.django_db
def test_two_curators_saving_one_figure_the_second_is_refused(case):
    alice, bob = login("alice"), login("bob")
    figure = case.metrics.get()
    url = reverse("admin:cases_metric_change", args=[figure.pk])
    opened_by_alice, bobs = figure_form(alice, figure), figure_form(bob, figure)
    bobs["period"] = "2023年"
    assert bob.post(url, bobs).status_code == 302
    opened_by_alice["period"] = "2024年"
    assert alice.post(url, opened_by_alice).status_code == 200
    assert Metric.objects.get(pk=figure.pk).period == "2023年"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once: PostgreSQL's row locks (SQLite: test_sqlite_locking)",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_case_exactly_one_is_refused(monkeypatch):
    """Alice's save has passed the version check and is about to write when Bob's
    save of the same page starts: his must wait for hers and then be refused, not
    pass the check and overwrite her edit."""
    case = make_case(title="原标题")
    make_metric(case)
    alice, bob = login("alice"), login("bob")
    forms = {"alice": case_form(alice, case), "bob": case_form(bob, case)}
    forms["alice"]["title"] = "爱丽丝的标题"
    forms["bob"]["title"] = "鲍勃的标题"

    alice_checked, go_on = threading.Event(), threading.Event()
    save_model = CaseAdmin.save_model

    def save_model_holding_alice(self, request, obj, form, change):
        if request.user.username == "alice":
            alice_checked.set()
            assert go_on.wait(timeout=60)
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(CaseAdmin, "save_model", save_model_holding_alice)
    statuses = {}

    def save(name, client):
        try:
            statuses[name] = post_case(client, case, forms[name]).status_code
        finally:
            connection.close()

    alice_saves = threading.Thread(target=save, args=("alice", alice))
    bob_saves = threading.Thread(target=save, args=("bob", bob))
    alice_saves.start()
    assert alice_checked.wait(timeout=60)
    bob_saves.start()
    # Let Alice finish once Bob has either finished or is waiting for her lock.
    while bob_saves.is_alive() and not waiting_for_a_lock():
        bob_saves.join(timeout=0.05)
    go_on.set()
    alice_saves.join()
    bob_saves.join()

    assert sorted(statuses.values()) == [200, 302]
    assert Case.objects.get(pk=case.pk).title == (
        "爱丽丝的标题" if statuses["alice"] == 302 else "鲍勃的标题"
    )


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
