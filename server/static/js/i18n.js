// User-interface strings (zh default, en) and the plain-language pieces answers are built from.
// Served by server/pages.py from ingest/vocabulary.ttl and kb/core/facts.py (one source of truth).
import labels from "../../ui/labels.js";
import zh from "./strings-zh.js";
import en from "./strings-en.js";

// The strings themselves, one file per language: strings-zh.js (the default) and strings-en.js.
const STRINGS = { zh, en };

// Category and parameter names (and subtypes, helpers) the answer uses as ids: the glossary's
// (kb/explain/glossary.yaml, served in labels.js), the words the API and the command line use too.
const NAMES = { zh: {}, en: {} };
for (const section of ["parameters", "helpers", "subtypes", "categories"]) {
  for (const [id, entry] of Object.entries((labels.glossary || {})[section] || {})) {
    NAMES.zh[id] = entry.zh;
    NAMES.en[id] = entry.en;
  }
}

/** The glossary's label of a benefit id (English terms; zh falls back to the document's label). */
export function benefitName(id) {
  const entry = ((labels.glossary || {}).benefits || {})[id];
  return entry ? entry[current] : id;
}

/** An encoders' note (on a rule deferred to the departments' standards, or a condition decided
 *  case by case) in the current language: the glossary's encoder_notes; as written without one. */
export function encoderNote(note) {
  if (!note || current === "zh") return note || "";
  return ((labels.glossary || {}).encoder_notes || {})[note] || note;
}

let current = "zh";

export function setLang(lang) { current = lang === "en" ? "en" : "zh"; }
export function lang() { return current; }

export function t(key, vars = {}) {
  let s = STRINGS[current][key];
  if (s === undefined) s = STRINGS.zh[key];
  if (s === undefined) return key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** Label of a household RDF term such as "bg:age". */
export function termLabel(term) {
  const entry = labels.terms[term];
  return entry ? entry[current] : term;
}

/** Label of a code value of a code list ("workAbility", "none"). */
export function codeLabel(list, code) {
  const entry = labels.codes[list] && labels.codes[list][code];
  return entry ? entry[current] : code;
}

export function codes(list) { return Object.keys(labels.codes[list] || {}); }

/** Label of an engine fact name ("per_capita_income"). */
// Where the registry's short label reads poorly in a sentence.
const FACT_LABELS = {
  en: { problem: "problems with basic guarantees or drinking water" },
  zh: {},
};

export function factLabel(fact) {
  if (FACT_LABELS[current][fact]) return FACT_LABELS[current][fact];
  const entry = labels.facts[fact];
  return entry ? entry[current] : fact;
}

export function factSpec(fact) { return labels.facts[fact] || null; }

/** Label of a category, subtype, parameter or helper predicate id. */
export function nameLabel(id) {
  return NAMES[current][id] || NAMES.zh[id] || id;
}

export function jurisdictionLabel(id) { return codeLabel("jurisdiction", id); }

/** The code list a fact's values come from, to show codes as words. */
export const FACT_CODE_LIST = {
  work_ability: "workAbility", residence: "residence", housing_grade: "housingGrade",
  relation_to_applicant: "relation", study_level: "studyLevel", problem: "problem",
};

/** Apply the strings to static markup: data-i18n (text), data-i18n-aria (aria-label). */
export function applyStatic(root = document) {
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  document.title = t("app.title") + " · binggui";
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
}
