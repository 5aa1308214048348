"""Print an HTML page (the notice) to PDF with headless Chromium, the browser the tests use.

Chromium is found on PATH (chromium, chromium-browser, google-chrome) or at /usr/bin/chromium;
scripts/install-browser.sh installs it. Without it, `PrintError` says so (the CLI prints it and
exits 2) rather than writing a half-made file.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PrintError(Exception):
    """The PDF could not be made (no browser, or the browser failed)."""


def find_browser() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def html_to_pdf(html: str, out: Path, timeout: float = 120) -> None:
    browser = find_browser()
    if browser is None:
        raise PrintError("no Chromium found to print the PDF (install it with scripts/install-browser.sh, "
                         "or write the notice as .html and print it from a browser)")
    with tempfile.TemporaryDirectory(prefix="binggui-notice-") as tmp:
        page = Path(tmp) / "notice.html"
        page.write_text(html, encoding="utf-8")
        target = Path(tmp) / "notice.pdf"
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}", page.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise PrintError(f"{browser}: {err}") from None
        if not target.exists() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise PrintError(f"{browser} made no PDF (exit {done.returncode}): {tail[0]}")
        shutil.copyfile(target, out)
