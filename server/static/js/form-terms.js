// From RDF terms (the API's missing terms, violations and questions) to the form's fields: which
// field gives a term (on a member or income item), the members' display names, and the fields the
// answer's questions ask for, highlighted.
import { t, lang, codeLabel } from "./i18n.js";
import { householdFieldId, memberFieldId, incomeFieldId } from "./form-fields.js";

// -- from RDF terms (API missing/violations) to fields ----------------------------------------

const BG = "https://w3id.org/binggui#";
const CV = "http://data.europa.eu/m8g/";

export function shortTerm(term) {
  if (!term) return term;
  if (term.startsWith(BG)) return `bg:${term.slice(BG.length)}`;
  if (term.startsWith(CV)) return `cv:${term.slice(CV.length)}`;
  return term;
}

/** Parse "bg:age of <urn:x>" into {term, node}. */
export function parseMissing(text) {
  const m = /^(\S+)\s+of\s+<(.+)>$/.exec(text);
  return m ? { term: shortTerm(m[1]), node: m[2] } : { term: shortTerm(text), node: null };
}

/** The id of the form field for an RDF term, on a node (member or income item) if given. */
export function fieldIdFor(term, node) {
  term = shortTerm(term || "");
  const key = term.replace(/^(bg|cv):/, "");
  if (node) {
    const member = [...document.querySelectorAll("#members > .member")].find((fs) => fs.dataset.iri === node);
    if (member) {
      const id = memberFieldId(member.dataset.uid, key);
      return document.getElementById(id) ? id : memberFieldId(member.dataset.uid, "relationToApplicant");
    }
    const income = [...document.querySelectorAll("#income-items > .income")].find((r) => r.dataset.iri === node);
    if (income) return incomeFieldId(income.dataset.uid, key === "incomeType" ? "type" : "amount");
  }
  if (key === "member") return "add-member";
  if (key === "incomeItem" || key === "incomeType" || key === "amount") {
    const first = document.querySelector("#income-items > .income");
    return first ? incomeFieldId(first.dataset.uid, key === "incomeType" ? "type" : "amount") : "add-income";
  }
  const id = householdFieldId(key);
  return document.getElementById(id) ? id : null;
}

/** Member display names by IRI, as the form numbers them ("成员 2（配偶）"). */
export function memberNames() {
  const names = new Map();
  document.querySelectorAll("#members > .member").forEach((fs, i) => {
    const rel = document.getElementById(memberFieldId(fs.dataset.uid, "relationToApplicant")).value;
    const base = t("member.title", { n: i + 1 });
    const relation = rel ? codeLabel("relation", rel) : "";
    names.set(fs.dataset.iri, !rel ? base : lang() === "en" ? `${base} (${relation})` : `${base}（${relation}）`);
  });
  return names;
}

/** The fields the answer's questions ask for, highlighted (and only those). */
export function markAsked(answer) {
  for (const el of document.querySelectorAll(".asked")) {
    el.classList.remove("asked");
    el.removeAttribute("data-asked");
  }
  for (const q of (answer && answer.questions) || []) {
    const id = fieldIdFor(q.term, q.member);
    const el = id && document.getElementById(id);
    const field = el && (el.closest(".field") || el);
    if (field) {
      field.classList.add("asked");
      field.dataset.asked = t("result.asked");
    }
  }
}
