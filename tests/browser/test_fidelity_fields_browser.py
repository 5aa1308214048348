"""The two fidelity terms of issue 15 (bg:naturalDisaster, bg:unableToLiveIndependently) on the
caseworker page, zh and en, desktop and phone widths: offered with their labels, highlighted when
an answer asks for them, sent in the JSON-LD and filled back from an uploaded document."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.test_caseworker_browser import sized, to_lang  # noqa: F401  (fixture)
from tests.browser.test_page_browser import member_uids, sent_document, settled, submit, wait

# 大冶: a married son of 30 with partial work ability, living apart; whether he can live on his own
# decides whether he counts (二.(一).1), and no natural disaster is stated (受灾人员救助)
SON = """@prefix bg: <https://w3id.org/binggui#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:test:h> a bg:Household ; bg:jurisdiction "daye" ; bg:assessmentDate "2025-06-01"^^xsd:date ;
  bg:residence "rural" ; bg:financialAssets 10000.00 ; bg:rigidExpenditure 0.00 ; bg:formerlyPoor false ;
  bg:problem "none" ; bg:suddenShock false ; bg:housingGrade "B" ;
  bg:member <urn:test:p1>, <urn:test:p2>, <urn:test:p3> ;
  bg:incomeItem [ bg:incomeType "wage" ; bg:amount 18000.00 ] .
<urn:test:p1> bg:age 55 ; bg:workAbility "full" ; bg:seriousIllness false ; bg:relationToApplicant "applicant" .
<urn:test:p2> bg:age 53 ; bg:workAbility "full" ; bg:seriousIllness false ; bg:relationToApplicant "spouse" .
<urn:test:p3> bg:age 30 ; bg:workAbility "partial" ; bg:seriousIllness false ; bg:livelihoodSource true ;
  bg:hasCapableSupporter true ; bg:relationToApplicant "child" ; bg:married true ; bg:cohabiting false ;
  bg:fullTimeStudent false ; bg:hasLegalSupportDuty true .
"""
LABELS = {"zh": ("遭受自然灾害", "无法依靠自身能力维持正常生活"),
          "en": ("Struck by a natural disaster", "Unable to live independently")}


def _label_of(driver, field_id):
    return driver.find_element(By.CSS_SELECTOR, f"label[for='{field_id}']").text


def _upload(driver, path):
    driver.find_element(By.ID, "file-upload").send_keys(str(path))
    settled(driver)
    return wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .answer[data-jurisdiction='daye']"),
                message="no answer for the uploaded household")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fidelity_terms_are_fields_asked_sent_and_filled(sized, live_server, lang, tmp_path):  # noqa: F811
    driver = sized
    to_lang(driver, live_server, lang)
    ttl = tmp_path / "daye-son.ttl"
    ttl.write_text(SON, encoding="utf-8")
    _upload(driver, ttl)
    son = member_uids(driver)[2]
    disaster_id, alone_id = "f-naturalDisaster", f"m{son}-unableToLiveIndependently"
    assert (_label_of(driver, disaster_id), _label_of(driver, alone_id)) == LABELS[lang]
    # the answer asks for both; both fields are highlighted, and the question links to them
    asked_terms = [li.get_attribute("data-term") for li in driver.find_elements(By.CSS_SELECTOR, "#answer .questions li")]
    assert "bg:unableToLiveIndependently" in asked_terms and "bg:naturalDisaster" in asked_terms
    for field_id in (disaster_id, alone_id):
        field = driver.find_element(By.ID, field_id).find_element(By.XPATH, "./ancestor::*[contains(@class,'field')][1]")
        assert "asked" in field.get_attribute("class").split(), field_id
    links = {a.get_attribute("data-field") for a in driver.find_elements(By.CSS_SELECTOR, "#answer .questions a.field-link")}
    assert {disaster_id, alone_id} <= links
    # answered in the form: sent as booleans, and the questions about them are gone
    Select(driver.find_element(By.ID, disaster_id)).select_by_value("true")
    Select(driver.find_element(By.ID, alone_id)).select_by_value("true")
    submit(driver)
    doc = sent_document(driver)
    assert doc["bg:naturalDisaster"] == {"@value": "true", "@type": "xsd:boolean"}
    sent_son = [m for m in doc["bg:member"] if m.get("bg:relationToApplicant") == "child"][0]
    assert sent_son["bg:unableToLiveIndependently"] == {"@value": "true", "@type": "xsd:boolean"}
    asked_terms = [li.get_attribute("data-term") for li in driver.find_elements(By.CSS_SELECTOR, "#answer .questions li")]
    assert "bg:unableToLiveIndependently" not in asked_terms and "bg:naturalDisaster" not in asked_terms
    assert not driver.find_elements(By.CSS_SELECTOR, f"#household-form .asked #{disaster_id}")
    # a document stating them fills the two fields back
    stated = tmp_path / "daye-son-stated.ttl"
    stated.write_text(SON.replace('bg:suddenShock false', 'bg:suddenShock false ; bg:naturalDisaster true')
                      .replace('bg:cohabiting false', 'bg:cohabiting false ; bg:unableToLiveIndependently false'),
                      encoding="utf-8")
    _upload(driver, stated)
    son = member_uids(driver)[2]
    assert driver.find_element(By.ID, "f-naturalDisaster").get_attribute("value") == "true"
    assert driver.find_element(By.ID, f"m{son}-unableToLiveIndependently").get_attribute("value") == "false"
