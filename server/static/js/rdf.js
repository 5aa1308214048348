// The form model as one household in JSON-LD (docs/vocabulary.md), self-contained: the
// @context only declares prefixes and every literal carries its datatype, so no remote context
// is fetched and money stays an exact xsd:decimal string, never a binary float.
import { FORM_IRI_BASE, toFen, fenText } from "./form-fields.js";

const BG = "https://w3id.org/binggui#";
const CV = "http://data.europa.eu/m8g/";
const XSD = "http://www.w3.org/2001/XMLSchema#";

const decimal = (text) => ({ "@value": fenText(toFen(text)), "@type": "xsd:decimal" });
const date = (text) => ({ "@value": text, "@type": "xsd:date" });
const integer = (text) => ({ "@value": String(parseInt(text, 10)), "@type": "xsd:integer" });
const bool = (v) => ({ "@value": v ? "true" : "false", "@type": "xsd:boolean" });

const HOUSEHOLD = {
  jurisdiction: ["bg:jurisdiction", (v) => v],
  assessmentDate: ["bg:assessmentDate", date],
  residence: ["bg:residence", (v) => v],
  rigidExpenditure: ["bg:rigidExpenditure", decimal],
  financialAssets: ["bg:financialAssets", decimal],
  formerlyPoor: ["bg:formerlyPoor", bool],
  suddenShock: ["bg:suddenShock", bool],
  naturalDisaster: ["bg:naturalDisaster", bool],
  housingGrade: ["bg:housingGrade", (v) => v],
  deniedDibaoOn: ["bg:deniedDibaoOn", date],
  exitedOn: ["bg:exitedOn", date],
};

const MEMBER = {
  age: ["bg:age", integer],
  birthDate: ["cv:birthDate", date],
  workAbility: ["bg:workAbility", (v) => v],
  disabilityGrade: ["bg:disabilityGrade", integer],
  seriousIllness: ["bg:seriousIllness", bool],
  hasCapableSupporter: ["bg:hasCapableSupporter", bool],
  livelihoodSource: ["bg:livelihoodSource", bool],
  unableToLiveIndependently: ["bg:unableToLiveIndependently", bool],
  relationToApplicant: ["bg:relationToApplicant", (v) => v],
  fullTimeStudent: ["bg:fullTimeStudent", bool],
  studyLevel: ["bg:studyLevel", (v) => v],
  married: ["bg:married", bool],
  cohabiting: ["bg:cohabiting", bool],
  hasLegalSupportDuty: ["bg:hasLegalSupportDuty", bool],
};

const stated = (v) => v !== null && v !== undefined && v !== "";

function put(node, spec, source) {
  for (const [key, [term, convert]] of Object.entries(spec)) {
    if (stated(source[key])) node[term] = convert(source[key]);
  }
}

/** The JSON-LD document for a (validated) form model. Unstated facts are left out: unknown. */
export function toJsonLd(model) {
  const household = { "@id": model.iri || `${FORM_IRI_BASE}household`, "@type": "bg:Household" };
  put(household, HOUSEHOLD, model);
  if (model.problem && model.problem.length) household["bg:problem"] = [...model.problem];
  household["bg:member"] = model.members.map((m) => {
    const person = { "@id": m.iri, "@type": "cv:Person" };
    put(person, MEMBER, m);
    return person;
  });
  const items = model.incomeItems.map((item) => ({
    "@id": item.iri, "@type": "bg:IncomeItem", "bg:incomeType": item.type, "bg:amount": decimal(item.amount),
  }));
  // "Checked: no income" is stated as one item of 0 yuan, so income is known (zero), not unknown.
  if (model.noIncome && !items.length) {
    items.push({ "@id": `${FORM_IRI_BASE}income:none`, "@type": "bg:IncomeItem", "bg:incomeType": "other",
      "bg:amount": { "@value": "0.00", "@type": "xsd:decimal" } });
  }
  if (items.length) household["bg:incomeItem"] = items;
  return { "@context": { bg: BG, cv: CV, xsd: XSD }, ...household };
}
