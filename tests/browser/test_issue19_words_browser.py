"""Issue 19's remaining "done when" items in a real browser, zh and en, desktop and phone widths:
the page names categories and benefits by the one glossary the API and CLI use, never shows a
parameter source naming a project file, and tells its examples apart in both languages."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from kb.explain.glossary import entry_label
from tests.browser.test_caseworker_browser import load_example, sized, to_lang, visible_text  # noqa: F401
from tests.explain.plain_words import internal_names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_names_categories_by_the_glossary(sized, live_server, lang):  # noqa: F811
    driver = sized
    to_lang(driver, live_server, lang)
    lines = load_example(driver, "daye-dibao-family.ttl")
    shown = {li.get_attribute("data-category"): li.find_element(By.TAG_NAME, "a").text for li in lines}
    assert len(shown) == 6
    for cid, text in shown.items():
        assert text == entry_label("categories", cid, lang), (cid, text)
    driver.execute_script("for (const d of document.querySelectorAll('details')) d.open = true")
    text = visible_text(driver, "body")
    assert "DESIGN.md" not in text and "shared/" not in text
    if lang == "zh":
        assert "illustrative baseline" not in text
        assert not internal_names(visible_text(driver, "#answer")), internal_names(visible_text(driver, "#answer"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_examples_are_told_apart(sized, live_server, lang):  # noqa: F811
    driver = sized
    to_lang(driver, live_server, lang)
    labels = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "#example-select option")]
    assert len(labels) >= 6 and len(set(labels)) == len(labels), labels
