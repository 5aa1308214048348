// The household form's fields: their definitions (kind, code list, required), the empty model,
// the ids of their controls, and money as exact fen (never binary floats).
// The form model mirrors server/pages.py's household_form (POST /ui/household-form).

// kind: select (code list) | bool (unknown/yes/no) | money | int | date | grade | codes (checkboxes)
export const HOUSEHOLD_FIELDS = {
  basic: [
    { key: "jurisdiction", kind: "select", list: "jurisdiction", required: true },
    { key: "assessmentDate", kind: "date", required: true },
    { key: "residence", kind: "select", list: "residence" },
  ],
  money: [
    { key: "rigidExpenditure", kind: "money" },
    { key: "financialAssets", kind: "money" },
  ],
  hardship: [
    { key: "problem", kind: "codes", list: "problem" },
    { key: "suddenShock", kind: "bool" },
    { key: "naturalDisaster", kind: "bool" },
    { key: "housingGrade", kind: "select", list: "housingGrade" },
  ],
  history: [
    { key: "formerlyPoor", kind: "bool" },
    { key: "deniedDibaoOn", kind: "date" },
    { key: "exitedOn", kind: "date" },
  ],
};

export const MEMBER_FIELDS = [
  { key: "relationToApplicant", kind: "select", list: "relation", label: "f.relation" },
  { key: "age", kind: "int" },
  { key: "birthDate", kind: "date" },
  { key: "workAbility", kind: "select", list: "workAbility" },
  { key: "disabilityGrade", kind: "grade" },
  { key: "seriousIllness", kind: "bool" },
  { key: "hasCapableSupporter", kind: "bool" },
  { key: "livelihoodSource", kind: "bool" },
  { key: "unableToLiveIndependently", kind: "bool" },
];

export const MEMBER_MORE_FIELDS = [
  { key: "fullTimeStudent", kind: "bool" },
  { key: "studyLevel", kind: "select", list: "studyLevel" },
  { key: "married", kind: "bool" },
  { key: "cohabiting", kind: "bool" },
  { key: "hasLegalSupportDuty", kind: "bool" },
];

export const ALL_HOUSEHOLD = Object.values(HOUSEHOLD_FIELDS).flat();
export const ALL_MEMBER = [...MEMBER_FIELDS, ...MEMBER_MORE_FIELDS];

export const FORM_IRI_BASE = "urn:binggui:form:";

export function emptyModel() {
  return {
    iri: null, jurisdiction: "", assessmentDate: today(), residence: "",
    rigidExpenditure: "", financialAssets: "", problem: [], suddenShock: null, naturalDisaster: null,
    housingGrade: "",
    formerlyPoor: null, deniedDibaoOn: "", exitedOn: "", noIncome: false, incomeItems: [],
    members: [emptyMember("applicant")],
  };
}

/** Today in the browser's own time zone (toISOString would give the UTC date). */
function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function emptyMember(relation = "") {
  const m = { iri: null };
  for (const f of ALL_MEMBER) m[f.key] = f.kind === "bool" ? null : "";
  m.relationToApplicant = relation;
  return m;
}

// -- ids -----------------------------------------------------------------------------------

export const householdFieldId = (key) => `f-${key}`;
export const memberFieldId = (uid, key) => `m${uid}-${key}`;
export const incomeFieldId = (uid, key) => `i${uid}-${key}`;

// -- money, exactly (never binary floats) ---------------------------------------------------

export const MONEY_RE = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/;

export function toFen(text) {
  const m = MONEY_RE.exec(text || "");
  if (!m || (m[1] === "" && !m[2])) return null;
  return BigInt(m[1]) * 100n + BigInt((m[2] || "").padEnd(2, "0") || "0");
}

export function fenText(fen) {
  const s = fen.toString().padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
