"""The caseworker page in a real browser (headless Chromium): fill the form, submit, read the
reasons, open a cited clause, switch language, compare the five jurisdictions, see validation
errors next to their fields, load an example and upload a file.

Expected values come from the API itself (the same household posted with urllib), so the page is
checked for showing what the engine answered; the statuses asserted are those the docs/answer.md
baseline parameters imply (大冶: 低保 standard 8400, per-capita income 6000 -> 低保).
"""
from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import msgspec

# selenium is in the test extra (pip install '.[test]'); a missing one is an error, not a skip.
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from kb.explain import graph
from kb.explain.types import typed

WAIT = 30


# -- helpers ----------------------------------------------------------------------------------------

def wait(driver, condition, timeout=WAIT, message=""):
    # The page re-renders whole sections; an element found a moment ago may be replaced.
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition, message)


def settled(driver):
    """Wait until no request of the page is in flight."""
    wait(driver, lambda d: d.execute_script("return document.body.dataset.pending") == "0", message="requests pending")


def set_date(driver, element_id, value):
    """Date inputs take keyboard input in the browser's locale format; set the ISO value instead."""
    driver.execute_script(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
        element_id, value)


def member_uids(driver):
    return [m.get_attribute("data-uid") for m in driver.find_elements(By.CSS_SELECTOR, "#members > .member")]


def fill_household(driver, jurisdiction="daye"):
    """大冶 household: applicant 45 (able to work), child 12; wages 12000; assets 2000."""
    Select(driver.find_element(By.ID, "f-jurisdiction")).select_by_value(jurisdiction)
    set_date(driver, "f-assessmentDate", "2025-06-01")
    Select(driver.find_element(By.ID, "f-residence")).select_by_value("rural")
    (first,) = member_uids(driver)
    Select(driver.find_element(By.ID, f"m{first}-relationToApplicant")).select_by_value("applicant")
    driver.find_element(By.ID, f"m{first}-age").send_keys("45")
    Select(driver.find_element(By.ID, f"m{first}-workAbility")).select_by_value("full")
    driver.find_element(By.ID, "add-member").click()
    second = member_uids(driver)[1]
    assert driver.switch_to.active_element.get_attribute("id") == f"m{second}-relationToApplicant"
    Select(driver.find_element(By.ID, f"m{second}-relationToApplicant")).select_by_value("child")
    driver.find_element(By.ID, f"m{second}-age").send_keys("12")
    driver.find_element(By.ID, "add-income").click()
    row = driver.find_elements(By.CSS_SELECTOR, "#income-items > .income")[0].get_attribute("data-uid")
    Select(driver.find_element(By.ID, f"i{row}-type")).select_by_value("wage")
    driver.find_element(By.ID, f"i{row}-amount").send_keys("12000")
    driver.find_element(By.ID, "f-financialAssets").send_keys("2000")
    return first, second


def submit(driver):
    driver.find_element(By.ID, "submit").click()
    settled(driver)
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .category"), message="no answer rendered")


def sent_document(driver) -> dict:
    return json.loads(driver.find_element(By.ID, "rdf-preview").get_attribute("textContent"))


def api(live_server, path, body=None, media="application/ld+json"):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(f"{live_server}{path}", data=data, headers={"Content-Type": media} if data else {})
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def unfold(driver):
    """The answer shows its summary first and folds the details: open them all to read them."""
    driver.execute_script("for (const d of document.querySelectorAll('#answer details, #compare-detail details')) d.open = true")


def card(driver, jurisdiction, category):
    unfold(driver)
    return driver.find_element(By.ID, f"cat-{jurisdiction}-{category}")


def condition(answer, category, fact, key="because"):
    """The derivation (with its first clause) and the condition on `fact` that decide a category."""
    read = typed(answer)      # the API's JSON as the answer's types, for kb.explain.graph
    cat = next(c for c in read.categories if c.id == category)
    for trace in graph.traces(read, getattr(cat, key)):
        conds = graph.conditions(read, trace) if key == "because" else graph.failed(read, trace)
        for c in conds:
            if c.fact == fact:
                return ({**msgspec.to_builtins(trace), "clause": msgspec.to_builtins(graph.trace_clause(read, trace))},
                        msgspec.to_builtins(c))
    raise AssertionError(f"{category}: no {key} condition on {fact}")


def cp_slice(text, start, end):
    return "".join(list(text)[start:end])


# -- tests ------------------------------------------------------------------------------------------

def test_form_submit_shows_reasons_values_thresholds_and_clause(page, live_server):
    driver = page
    fill_household(driver)
    submit(driver)
    doc = sent_document(driver)
    assert doc["bg:jurisdiction"] == "daye" and len(doc["bg:member"]) == 2
    assert doc["bg:incomeItem"][0]["bg:amount"] == {"@value": "12000.00", "@type": "xsd:decimal"}
    answer = api(live_server, "/api/v1/eligibility?lang=zh", doc)

    # Every category of the jurisdiction is shown with the API's status.
    for cat in answer["categories"]:
        assert card(driver, "daye", cat["id"]).get_attribute("data-status") == cat["status"], cat["id"]
    dibao = card(driver, "daye", "dibao")
    assert dibao.get_attribute("data-status") == "eligible"
    assert "符合" in dibao.find_element(By.CSS_SELECTOR, "h3 .badge").text

    # Why: the income condition with its actual value and threshold, in words.
    _, cond = condition(answer, "dibao", "per_capita_income")
    threshold = cond["test"].split("(")[1].rstrip(")")          # "< dibao_standard (8400)" -> 8400
    reason = next(li.text for li in dibao.find_elements(By.CSS_SELECTOR, ".because li.cond")
                  if "家庭人均年收入" in li.text)
    assert f"{cond['value']} 元" in reason and "低保标准" in reason and threshold in reason, reason
    assert (cond["value"], threshold) == ("6000.00", "8400")

    # Why not: 低保边缘 fails on the same income, with value and threshold.
    bianyuan = card(driver, "daye", "dibao_bianyuan")
    assert bianyuan.get_attribute("data-status") == "ineligible"
    failed = bianyuan.find_elements(By.CSS_SELECTOR, ".because-not li.cond-fails")
    assert any("6000.00 元" in li.text and "8400" in li.text for li in failed), [li.text for li in failed]
    assert bianyuan.find_elements(By.CSS_SELECTOR, ".would-change li")

    # What is missing links back to the form field it names.
    tekun = next(c for c in answer["categories"] if c["id"] == "tekun")
    if tekun["status"] == "undetermined":
        link = card(driver, "daye", "tekun").find_element(By.CSS_SELECTOR, ".missing a.field-link")
        target = link.get_attribute("data-field")
        link.click()
        assert driver.switch_to.active_element.get_attribute("id") == target
        assert target.startswith("m")                            # a member's field

    # The cited clause opens the document with the quote highlighted at its offsets.
    trace, _ = condition(answer, "dibao", "per_capita_income")
    clause = trace["clause"]
    button = dibao.find_element(By.CSS_SELECTOR, f".clause-link[data-start='{clause['start']}']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.send_keys(Keys.ENTER)                                 # keyboard, not only the mouse
    mark = wait(driver, lambda d: d.find_element(By.ID, "doc-highlight") if d.find_elements(
        By.CSS_SELECTOR, "#doc-text .doc-body mark#doc-highlight") else False, message="no highlighted quote")
    document = api(live_server, f"/api/v1/documents/{clause['document']}")
    assert mark.text == clause["quote"] == cp_slice(document["text"], clause["start"], clause["end"])
    assert (mark.get_attribute("data-start"), mark.get_attribute("data-end")) == (str(clause["start"]), str(clause["end"]))
    before = driver.execute_script("return document.getElementById('doc-highlight').previousSibling.textContent")
    assert len(before) == clause["start"]                        # BMP text: UTF-16 length == code points
    assert driver.find_element(By.ID, "doc-dialog").get_attribute("open") is not None
    driver.save_screenshot(str(_artifact("clause_dialog.png")))
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: d.find_element(By.ID, "doc-dialog").get_attribute("open") is None)
    assert driver.switch_to.active_element == button            # focus returns to the clause

    # A condition of a rule that cites several sentences links the one it rests on (`@n`).
    read = typed(answer)
    with_clause = [(cat.id, {**msgspec.to_builtins(c), "clause": msgspec.to_builtins(graph.clause(read, c.clause))})
                   for cat in read.categories for tr in graph.traces(read, cat.because_not)
                   for c in graph.failed(read, tr) if c.clause]
    assert with_clause, "the household should fail some condition of a rule citing several sentences"
    cat_id, cond = with_clause[0]
    links = card(driver, "daye", cat_id).find_elements(
        By.CSS_SELECTOR, f".because-not li.cond .clause-link[data-start='{cond['clause']['start']}']")
    assert links, (cat_id, cond["condition"])

    # Benefits with ratios and the "most favourable" resolution.
    resolved = [b for b in answer.get("benefits", []) if b["status"] == "eligible" and b.get("resolved_by")]
    for b in resolved:
        item = driver.find_element(By.CSS_SELECTOR, f"li.benefit[data-benefit='{b['id']}']")
        pct = f"{float(b['value']) * 100:g}%"
        assert pct in item.find_element(By.CSS_SELECTOR, ".benefit-head").text
        principle = answer["resolutions"][b["resolved_by"]]["principle"]     # stated once, by id
        assert principle in item.find_element(By.CSS_SELECTOR, ".resolution").text


def test_english_switch(page, live_server):
    driver = page
    fill_household(driver)
    submit(driver)
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: d.execute_script("return document.documentElement.lang") == "en")
    settled(driver)
    wait(driver, lambda d: "eligible" in card(d, "daye", "dibao").find_element(By.CSS_SELECTOR, "h3 .badge").text)
    assert driver.find_element(By.ID, "result-heading").text == "Answer"
    assert driver.find_element(By.CSS_SELECTOR, "label[for='f-jurisdiction']").text.startswith("Jurisdiction")
    reason = " ".join(li.text for li in card(driver, "daye", "dibao").find_elements(By.CSS_SELECTOR, ".because li.cond"))
    assert "Per-capita annual income" in reason or "per-capita annual income" in reason, reason
    assert "6000.00 yuan" in reason and "8400" in reason and " < " in reason, reason
    # the form kept its values through the switch
    first = member_uids(driver)[0]
    assert driver.find_element(By.ID, f"m{first}-age").get_attribute("value") == "45"
    assert "lang=en" in driver.current_url
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: d.execute_script("return document.documentElement.lang") == "zh-CN")
    wait(driver, lambda d: "符合" in card(d, "daye", "dibao").find_element(By.CSS_SELECTOR, "h3 .badge").text)


def test_compare_five_jurisdictions(page, live_server):
    driver = page
    fill_household(driver, "yanqi")
    driver.find_element(By.ID, "compare").click()
    settled(driver)
    table = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#compare-result table.compare-table"),
                 message="no comparison table")[0]
    result = api(live_server, "/api/v1/compare?lang=zh", sent_document(driver))
    heads = [th.get_attribute("data-jurisdiction") for th in table.find_elements(By.CSS_SELECTOR, "thead th[data-jurisdiction]")]
    assert heads == result["compared"] and len(heads) == 5
    for jid, answer in result["jurisdictions"].items():
        for cat in answer["categories"]:
            cell = table.find_element(By.CSS_SELECTOR, f"tr[data-category='{cat['id']}'] td[data-jurisdiction='{jid}']")
            assert cell.get_attribute("data-status") == cat["status"], (jid, cat["id"])
    assert driver.switch_to.active_element.get_attribute("id") == "compare-heading"
    driver.find_element(By.CSS_SELECTOR, "#compare-result button[data-jurisdiction='daye']").click()
    detail = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#compare-detail .answer[data-jurisdiction='daye']"))[0]
    assert "大冶" in detail.find_element(By.CSS_SELECTOR, ".answer-title").text
    assert detail.find_element(By.ID, "cat-daye-dibao").get_attribute("data-status") == "eligible"


def test_validation_errors_next_to_fields(page, live_server):
    driver = page
    first, second = fill_household(driver)
    driver.find_element(By.ID, f"m{first}-age").clear()
    driver.find_element(By.ID, f"m{first}-age").send_keys("forty")
    row = driver.find_elements(By.CSS_SELECTOR, "#income-items > .income")[0].get_attribute("data-uid")
    amount = driver.find_element(By.ID, f"i{row}-amount")
    amount.clear()
    amount.send_keys("1e3")
    driver.find_element(By.ID, "submit").click()
    summary = wait(driver, lambda d: d.find_element(By.ID, "error-summary") if d.find_element(By.ID, "error-summary").is_displayed() else False)
    assert driver.switch_to.active_element == summary
    for field in (f"m{first}-age", f"i{row}-amount"):
        err = driver.find_element(By.ID, f"{field}-err")
        assert err.is_displayed() and err.text, field
        control = driver.find_element(By.ID, field)
        assert control.get_attribute("aria-invalid") == "true"
        assert f"{field}-err" in control.get_attribute("aria-describedby")
    assert not driver.find_elements(By.CSS_SELECTOR, "#answer .category")     # nothing was sent
    # the summary links to the field
    summary.find_element(By.CSS_SELECTOR, f"a[href='#m{first}-age']").click()
    assert driver.switch_to.active_element.get_attribute("id") == f"m{first}-age"

    # A violation the server finds (SHACL, 422) is shown next to the field it concerns.
    driver.find_element(By.ID, f"m{first}-age").clear()
    driver.find_element(By.ID, f"m{first}-age").send_keys("45")
    amount.clear()
    amount.send_keys("12000")
    driver.execute_script("const s = document.getElementById('f-jurisdiction');"
                          "s.append(new Option('nowhere', 'nowhere')); s.value = 'nowhere';")
    driver.find_element(By.ID, "submit").click()
    err = wait(driver, lambda d: d.find_element(By.ID, "f-jurisdiction-err") if d.find_element(By.ID, "f-jurisdiction-err").is_displayed() else False,
               message="the 422 was not shown at the jurisdiction field")
    assert "jurisdiction" in err.text
    assert driver.find_element(By.ID, "f-jurisdiction").get_attribute("aria-invalid") == "true"


def test_load_example_and_upload_file(page, live_server, tmp_path):
    driver = page
    listing = api(live_server, "/examples")["examples"]
    names = [e["name"] for e in listing]
    assert "daye-dibao-family.ttl" in names
    Select(driver.find_element(By.ID, "example-select")).select_by_value("daye-dibao-family.ttl")
    driver.find_element(By.ID, "example-load").click()
    settled(driver)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .answer[data-jurisdiction='daye']"))
    assert len(member_uids(driver)) == 3
    assert Select(driver.find_element(By.ID, "f-jurisdiction")).first_selected_option.get_attribute("value") == "daye"
    assert "daye-dibao-family.ttl" in driver.find_element(By.ID, "source-note").text
    # the example's answer, then the same household sent from the (filled) form, agree
    raw = urllib.request.urlopen(f"{live_server}/examples/daye-dibao-family.ttl").read()
    expected = api(live_server, "/api/v1/eligibility?lang=zh", raw, "text/turtle")
    for cat in expected["categories"]:
        assert card(driver, "daye", cat["id"]).get_attribute("data-status") == cat["status"]
    submit(driver)
    wait(driver, lambda d: d.find_element(By.ID, "source-note").get_attribute("hidden") is not None)
    for cat in expected["categories"]:
        assert card(driver, "daye", cat["id"]).get_attribute("data-status") == cat["status"], cat["id"]

    # Upload a Turtle file: evaluated as is, and copied into the form.
    ttl = tmp_path / "yanqi-one.ttl"
    ttl.write_text(
        "@prefix bg: <https://w3id.org/binggui#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<urn:test:h> a bg:Household ; bg:jurisdiction \"yanqi\" ; bg:assessmentDate \"2025-06-01\"^^xsd:date ;\n"
        "  bg:financialAssets 100.00 ; bg:member <urn:test:p> ;\n"
        "  bg:incomeItem [ bg:incomeType \"wage\" ; bg:amount 3000.00 ] .\n"
        "<urn:test:p> bg:age 70 ; bg:workAbility \"none\" ; bg:relationToApplicant \"applicant\" .\n",
        encoding="utf-8")
    driver.find_element(By.ID, "file-upload").send_keys(str(ttl))
    settled(driver)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .answer[data-jurisdiction='yanqi']"))
    assert card(driver, "yanqi", "dibao").get_attribute("data-status") == "eligible"
    assert member_uids(driver) and len(member_uids(driver)) == 1
    assert driver.find_element(By.ID, f"m{member_uids(driver)[0]}-age").get_attribute("value") == "70"


def _artifact(name):
    folder = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def test_accessible_names_unique_ids_and_keyboard_submit(page, live_server):
    driver = page
    first, _ = fill_household(driver)
    # Enter in a text field submits the form (implicit submission): no mouse needed.
    driver.find_element(By.ID, f"m{first}-age").send_keys(Keys.ENTER)
    settled(driver)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .category"))
    assert driver.switch_to.active_element.get_attribute("id") == "result-heading"
    driver.execute_script("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    duplicates = driver.execute_script(
        "const seen = {}; for (const e of document.querySelectorAll('[id]')) seen[e.id] = (seen[e.id] || 0) + 1;"
        "return Object.keys(seen).filter((k) => seen[k] > 1);")
    assert duplicates == []
    unnamed = []
    for el in driver.find_elements(By.CSS_SELECTOR, "input, select, button, a[href], textarea"):
        if el.is_displayed() and not (el.accessible_name or "").strip():
            unnamed.append(el.get_attribute("outerHTML")[:120])
    assert unnamed == [], unnamed
    # every form control has a <label for> (or is inside a labelled fieldset, for checkboxes)
    unlabelled = driver.execute_script(
        "return [...document.querySelectorAll('#household-form input, #household-form select')]"
        ".filter((e) => !document.querySelector(`label[for=\"${e.id}\"]`)).map((e) => e.id);")
    assert unlabelled == []


def test_rule_source_opens_from_a_reason(page, live_server):
    driver = page
    fill_household(driver)
    submit(driver)
    button = card(driver, "daye", "dibao").find_element(By.CSS_SELECTOR, ".because .rule-link")
    rule_id = button.get_attribute("data-rule")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    source = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#doc-text pre.rule-source"))[0]
    expected = api(live_server, f"/api/v1/rules/{rule_id}")
    assert source.text.strip() == expected["source"].strip()
    driver.find_element(By.CSS_SELECTOR, "#doc-dialog .close").click()
    wait(driver, lambda d: d.find_element(By.ID, "doc-dialog").get_attribute("open") is None)
    assert driver.switch_to.active_element == button


def test_member_table_shows_each_persons_categories_and_benefits(page, live_server):
    """The member × category/benefit table: every cell is that member's entry of the answer, and
    the 特困 husband's inpatient-aid cell says 100%, chosen by 有利于保障 for him, his wife's 60%."""
    driver = page
    name = "daye-tekun-elder-and-wife.ttl"
    Select(driver.find_element(By.ID, "example-select")).select_by_value(name)
    driver.find_element(By.ID, "example-load").click()
    settled(driver)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .persons-table"), message="no member table")
    raw = urllib.request.urlopen(f"{live_server}/examples/{name}").read()
    expected = api(live_server, "/api/v1/eligibility?lang=zh", raw, "text/turtle")
    counted = expected["membership"]["counted"]
    rows = driver.find_elements(By.CSS_SELECTOR, "#answer .persons-table tbody tr")
    assert [r.get_attribute("data-member") for r in rows] == counted
    checked = 0
    for entry in expected["categories"] + [b for b in expected.get("benefits", []) if b.get("per_member")]:
        cells = driver.find_elements(By.CSS_SELECTOR, f"#answer .persons-table td[data-item='{entry['id']}']")
        if not cells:      # benefits nobody holds or may hold are left out of the table
            assert entry["id"] in {b["id"] for b in expected.get("benefits", [])}
            assert all(m["status"] == "ineligible" for m in entry["members"])
            continue
        got = {c.get_attribute("data-member"): (c.get_attribute("data-status"), c.get_attribute("data-value")) for c in cells}
        want = {m["member"]: (m["status"], m.get("value") or "") for m in entry["members"]}   # absent: null
        assert got == want, entry["id"]
        checked += 1
    assert checked >= 6
    husband, wife = counted
    cell = driver.find_element(By.CSS_SELECTOR, f"#answer .persons-table td[data-item='inpatient_medical_aid'][data-member='{husband}']")
    assert cell.get_attribute("data-value") == "1.00" and "100%" in cell.text
    cell.find_element(By.CSS_SELECTOR, "summary").click()
    assert "有利于保障" in cell.text
    # opened, the reasons keep a readable width (they had wrapped one character a line) and the
    # member's name stays on few lines; the table scrolls sideways in its frame instead
    font = driver.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", cell)
    why = cell.find_element(By.CSS_SELECTOR, "details.cell-why")
    assert why.size["width"] >= 12 * font, (why.size, font)
    name = driver.find_element(By.CSS_SELECTOR, f"#answer .persons-table tr[data-member='{husband}'] th")
    assert name.size["width"] >= 5 * font, (name.size, font)
    other = driver.find_element(By.CSS_SELECTOR, f"#answer .persons-table td[data-item='inpatient_medical_aid'][data-member='{wife}']")
    assert other.get_attribute("data-value") == "0.60" and "60%" in other.text
    tekun = driver.find_element(By.CSS_SELECTOR, f"#answer .persons-table td[data-item='tekun'][data-member='{wife}']")
    assert tekun.get_attribute("data-status") == "ineligible"


def test_a_deferred_rules_note_is_english_on_the_english_page(page, live_server):
    """淮上 defers its categories to the departments' standards; the encoders' note on how they are
    read here is Chinese in the policy files and English on the English page (the glossary's)."""
    driver = page
    Select(driver.find_element(By.ID, "example-select")).select_by_value("huaishang-sudden-shock.ttl")
    driver.find_element(By.ID, "example-load").click()
    settled(driver)
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: d.execute_script("return document.documentElement.lang") == "en")
    settled(driver)
    note = wait(driver, lambda d: card(d, "huaishang", "dibao").find_elements(By.CSS_SELECTOR, "p.deferred"),
                message="no deferred note on the dibao card")[0].text
    assert "淮上's plan does not restate the dibao conditions" in note, note
    assert not re.search(r"[\u4e00-\u9fff]{6,}", note), note
    reason = card(driver, "huaishang", "qita_kunnan").find_element(By.CSS_SELECTOR, "p.reason").text
    assert "淮上's plan does not define other persons in difficulty" in reason, reason
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: d.execute_script("return document.documentElement.lang") == "zh-CN")
    settled(driver)
    note = card(driver, "huaishang", "dibao").find_element(By.CSS_SELECTOR, "p.deferred").text
    assert "淮上方案未重述低保认定条件" in note, note
