"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live
server. Skipped, with the reason printed, when Chromium or axe-core is missing; CI
installs both (.ci/run), so there they always run."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Chromium is not installed (apt-get install chromium): "
            "browser tests skipped"
        )
    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, content):
    """The live server with the curated content."""
    return live_server.url


@pytest.fixture
def page(browser):
    # bypass_csp lets the tests inject axe-core; the site itself allows no inline script.
    context = browser.new_context(
        viewport=DESKTOP, locale="zh-CN", accept_downloads=True, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.skip(
            "axe-core is not installed (cd tests/browser && npm install): skipped"
        )
    return AXE.read_text(encoding="utf-8")


def serious_violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
