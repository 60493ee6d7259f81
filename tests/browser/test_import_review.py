"""A curator imports a report in a real browser: paste, review, reject, create the
drafts, open one and publish it; by keyboard where a curator would."""

import re

import pytest
from django.urls import reverse

from cases.models import Case, SourceArticle
from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = """“楼栋管家”让老旧小区焕新颜
稿件来源：江城日报
发布时间：2025-06-30
湖北省武汉市江岸区四唯街道组建“楼栋管家”志愿服务队，化解邻里矛盾纠纷。
今年以来，服务队收集居民诉求 236件，办结率达97%。
西马社区、三阳社区组建了“议事小组”，辖区划分 48个网格。（记者 陈小林）
"""


@pytest.fixture
def curator(site, page, django_user_model):
    django_user_model.objects.create_superuser("curator", "c@test.cn", "pw-Curator-1")
    page.goto(site + reverse("admin:login"))
    page.get_by_label("用户名").fill("curator")
    page.get_by_label("密码").fill("pw-Curator-1")
    page.get_by_label("密码").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_paste_review_reject_create_and_publish(site, curator, axe):
    page = curator
    page.goto(site + reverse("admin:cases_sourcearticle_changelist"))
    page.get_by_role("link", name="导入文章").click()
    page.get_by_label("来源").fill("browser-report.txt")
    page.get_by_label("全文").fill(REPORT)
    page.get_by_role("button", name="识别并审核").click()
    page.wait_for_selector(".import-text")
    assert page.locator("mark.imp-place").count() >= 1
    assert page.locator("[id^=row-figure-]").count() == 3
    assert not SourceArticle.objects.filter(origin="browser-report.txt").exists()
    assert serious_violations(page, axe) == []
    screenshot(page, "import-review")

    # Follow a figure's mark to its row, and reject it with the keyboard.
    page.locator("mark.imp-figure a", has_text="办结率达97%").first.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#row-figure-1")
    keep = page.locator("#row-figure-1").get_by_label("采用")
    keep.focus()
    page.keyboard.press("Space")
    assert not keep.is_checked()
    assert "rejected" in page.locator("#row-figure-1").get_attribute("class")
    assert page.locator("mark.imp-figure.rejected").count() >= 1

    page.locator("#id_drafts-0-title").fill("江岸区四唯街道：“楼栋管家”化解邻里纠纷")
    page.get_by_role("button", name="创建草稿").click()
    page.wait_for_url(re.compile(r"status__exact=draft"))
    assert "生成 1 个案例草稿" in page.locator(".messagelist").inner_text()

    case = SourceArticle.objects.get(origin="browser-report.txt").cases.get()
    assert sorted(case.metrics.values_list("unit", flat=True)) == ["个", "件"]
    page.get_by_role("link", name="江岸区四唯街道：“楼栋管家”化解邻里纠纷").click()
    page.wait_for_url(re.compile(rf"/admin/cases/case/{case.pk}/change/"))
    page.get_by_label("状态").select_option("published")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/cases/case/(\?.*)?$"))
    case.refresh_from_db()
    assert case.status == Case.Status.PUBLISHED
    assert case.title == "江岸区四唯街道：“楼栋管家”化解邻里纠纷"
