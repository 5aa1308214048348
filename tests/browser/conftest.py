"""Fixtures for the caseworker page tests: the app served for real (waitress on 127.0.0.1, in a
thread) and headless Chromium driven by selenium through the system chromedriver.

Chromium and chromedriver are Debian's (`scripts/install-browser.sh` installs them; the test
command runs it). When they are missing the fixture runs that script if it can (root), and
skips only when it cannot (not root). Screenshots go to artifacts/browser/ (gitignored).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "browser"
PAGE_HANG_SECONDS = 120
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                "--disable-dev-shm-usage", "--window-size=1400,1800", "--lang=zh-CN")


def _find_browser() -> tuple[str | None, str | None]:
    chromium = shutil.which("chromium") or (shutil.which("chromium-browser"))
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    return chromium, driver


@pytest.fixture(scope="session")
def browser_paths() -> tuple[str, str]:
    chromium, driver = _find_browser()
    if not (chromium and driver):
        if os.geteuid() != 0:
            pytest.skip("headless Chromium is not installed (scripts/install-browser.sh installs Debian's "
                        "chromium and chromium-driver; it needs root) and this run is not root")
        subprocess.run(["sh", str(REPO / "scripts" / "install-browser.sh")], check=True)
        chromium, driver = _find_browser()
        if not (chromium and driver):
            pytest.fail("scripts/install-browser.sh ran but chromium/chromedriver are still missing")
    return chromium, driver


@pytest.fixture(scope="session")
def live_server() -> str:
    """The real app (shipped knowledge base) under waitress on a free port; yields its base URL."""
    from waitress.server import create_server

    from server import create_app

    app = create_app()
    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="binggui-test")
    thread = threading.Thread(target=server.run, name="binggui-waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def driver(browser_paths):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is missing: install the test extra (pip install '.[test]')")
    chromium, chromedriver = browser_paths
    profile = tempfile.mkdtemp(prefix="binggui-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    # Hang guards, not budgets (no test asserts a time): generous, since the suite must pass on a
    # 2-core machine with CPU-burning processes beside it (issue 18 item 8).
    drv.set_page_load_timeout(PAGE_HANG_SECONDS)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(driver, live_server, request):
    """A fresh page load in Chinese (the default); a screenshot of the end state is kept."""
    driver.get(f"{live_server}/?lang=zh")
    driver.execute_script("try { localStorage.clear(); } catch (e) {}")
    driver.get(f"{live_server}/?lang=zh")
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, PAGE_HANG_SECONDS).until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    driver.get_log("browser")   # drop what loading logged
    yield driver
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{request.node.name}.png"))
    errors = [e for e in driver.get_log("browser")
              if e["level"] == "SEVERE" and "favicon" not in e["message"] and "status of 4" not in e["message"]]
    assert not errors, f"the page logged errors: {errors}"
