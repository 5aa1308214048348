// The household form: built from field definitions, read back into a plain model, validated,
// and able to show an error next to the field it concerns (from the client checks or from the
// API's 422 violations and `missing` terms).
import { h, clear } from "./dom.js";
import { t, lang, codes, codeLabel } from "./i18n.js";

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

const ALL_HOUSEHOLD = Object.values(HOUSEHOLD_FIELDS).flat();
const ALL_MEMBER = [...MEMBER_FIELDS, ...MEMBER_MORE_FIELDS];

export const FORM_IRI_BASE = "urn:binggui:form:";
let uidCounter = 0;
const nextUid = () => ++uidCounter;

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

// -- building -------------------------------------------------------------------------------

function labelKey(f) { return f.label || `f.${f.key}`; }

function control(id, f, value, describedBy) {
  const common = { id, name: id, "aria-describedby": describedBy, dataset: { key: f.key } };
  if (f.required) common["aria-required"] = "true";
  switch (f.kind) {
    case "select": {
      const first = f.required ? t("opt.choose") : t("opt.unknown");
      return h("select", common, h("option", { value: "" }, first),
        codes(f.list).map((c) => h("option", { value: c, selected: value === c }, codeLabel(f.list, c))));
    }
    case "bool":
      return h("select", common,
        h("option", { value: "" }, t("opt.unknown")),
        h("option", { value: "true", selected: value === true }, t("opt.yes")),
        h("option", { value: "false", selected: value === false }, t("opt.no")));
    case "grade":
      // docs/vocabulary.md: an absent 残疾等级 means no disability (not unknown).
      return h("select", common, h("option", { value: "" }, t("opt.no_disability")),
        [1, 2, 3, 4].map((g) => h("option", { value: String(g), selected: String(value) === String(g) },
          t("opt.grade", { g }))));
    case "date":
      return h("input", { ...common, type: "date", value: value || "" });
    case "money":
      return h("input", { ...common, type: "text", inputmode: "decimal", autocomplete: "off",
        placeholder: "0.00", value: value ?? "" });
    case "int":
      return h("input", { ...common, type: "text", inputmode: "numeric", autocomplete: "off",
        value: value ?? "" });
    default:
      throw new Error(`unknown field kind ${f.kind}`);
  }
}

function field(id, f, value) {
  const errId = `${id}-err`;
  if (f.kind === "codes") {
    const hintId = `${id}-hint`;
    const chosen = new Set(value || []);
    return h("fieldset", { class: "field codes", id, "aria-describedby": `${hintId} ${errId}`, dataset: { key: f.key } },
      h("legend", {}, t(labelKey(f))),
      h("p", { class: "hint", id: hintId }, t(`${labelKey(f)}.hint`)),
      h("div", { class: "checks" }, codes(f.list).map((c) => {
        const cid = `${id}-${c}`;
        return h("div", { class: "check" },
          h("input", { type: "checkbox", id: cid, name: id, value: c, checked: chosen.has(c),
            "aria-describedby": errId }),
          h("label", { for: cid }, codeLabel(f.list, c)));
      })),
      h("p", { class: "err", id: errId, hidden: true }));
  }
  return h("div", { class: `field kind-${f.kind}` },
    h("label", { for: id }, t(labelKey(f)), f.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    control(id, f, value, errId),
    h("p", { class: "err", id: errId, hidden: true }));
}

/** Build the whole form for a model into `root` (replacing what was there). */
export function renderForm(root, model, handlers) {
  clear(root);
  const group = (name, fields, extra = []) =>
    h("fieldset", { class: "group", id: `group-${name}` }, h("legend", {}, t(`form.${name}`)),
      h("div", { class: "grid" }, fields.map((f) => field(householdFieldId(f.key), f, model[f.key]))), extra);

  const members = h("div", { id: "members" });
  const income = h("div", { id: "income-items" });
  root.append(
    h("p", { class: "note", id: "form-note" }, t("form.required")),
    h("div", { id: "error-summary", class: "error-summary", tabindex: "-1", hidden: true }),
    group("basic", HOUSEHOLD_FIELDS.basic),
    h("fieldset", { class: "group", id: "group-members" }, h("legend", {}, t("form.members")), members,
      h("p", { class: "err", id: "add-member-err", hidden: true }),
      h("button", { type: "button", id: "add-member", class: "secondary", "aria-describedby": "add-member-err",
        onclick: () => { addMember(emptyMember()); } }, t("member.add"))),
    h("fieldset", { class: "group", id: "group-income" }, h("legend", {}, t("form.income")), income,
      h("p", { class: "hint", id: "income-empty" }, t("income.none_yet")),
      h("button", { type: "button", id: "add-income", class: "secondary", "aria-describedby": "add-income-err",
        onclick: () => { addIncome({ type: "", amount: "" }, true); } }, t("income.add")),
      h("div", { class: "check" },
        h("input", { type: "checkbox", id: "f-noIncome", checked: !!model.noIncome, "aria-describedby": "add-income-err",
          onchange: updateIncome }),
        h("label", { for: "f-noIncome" }, t("f.noIncome"))),
      h("p", { class: "err", id: "add-income-err", hidden: true }),
      h("p", { class: "total", id: "income-total", "aria-live": "polite" })),
    group("money", HOUSEHOLD_FIELDS.money),
    group("hardship", HOUSEHOLD_FIELDS.hardship),
    group("history", HOUSEHOLD_FIELDS.history),
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "submit", class: "primary" }, t("btn.submit")),
      h("button", { type: "button", id: "compare", class: "primary alt", onclick: handlers.onCompare }, t("btn.compare")),
      h("button", { type: "button", id: "reset", class: "secondary", onclick: handlers.onReset }, t("btn.reset"))),
  );
  root.dataset.iri = model.iri || "";
  for (const m of model.members) addMember(m, false);
  for (const item of model.incomeItems) addIncome(item, false);
  updateIncome();
}

/** Once per form element: keep the income total current and clear a field's error as it is edited. */
export function attachFormListeners(root) {
  root.addEventListener("input", (e) => {
    if (e.target.closest("#group-income")) updateIncome();
    clearError(e.target.closest("fieldset.codes") ? e.target.closest("fieldset.codes").id : e.target.id);
  });
}

function renumber() {
  document.querySelectorAll("#members > .member").forEach((fs, i) => {
    const n = i + 1;
    fs.querySelector("legend").textContent = t("member.title", { n });
    fs.querySelector(".remove").textContent = t("member.remove", { n });
  });
  document.querySelectorAll("#income-items > .income").forEach((row, i) => {
    const n = i + 1;
    row.querySelector(".sr-title").textContent = t("income.item", { n });
    row.querySelector(".remove").textContent = t("income.remove", { n });
  });
}

export function addMember(m, focus = true) {
  const uid = nextUid();
  const iri = m.iri || `${FORM_IRI_BASE}member:${uid}`;
  const fs = h("fieldset", { class: "member", id: `member-${uid}`, dataset: { uid, iri } },
    h("legend", {}),
    h("div", { class: "grid" }, MEMBER_FIELDS.map((f) => field(memberFieldId(uid, f.key), f, m[f.key]))),
    h("details", { class: "more" }, h("summary", {}, t("member.more")),
      h("div", { class: "grid" }, MEMBER_MORE_FIELDS.map((f) => field(memberFieldId(uid, f.key), f, m[f.key])))),
    h("button", { type: "button", class: "remove link", onclick: () => {
      const next = fs.nextElementSibling || fs.previousElementSibling;
      fs.remove(); renumber();
      (next ? next.querySelector("select, input") : document.getElementById("add-member")).focus();
    } }));
  if (ALL_MEMBER.slice(MEMBER_FIELDS.length).some((f) => m[f.key] !== null && m[f.key] !== "")) fs.querySelector("details").open = true;
  document.getElementById("members").append(fs);
  renumber();
  if (focus) fs.querySelector("select, input").focus();
  return uid;
}

export function addIncome(item, focus = true) {
  const uid = nextUid();
  const iri = item.iri || `${FORM_IRI_BASE}income:${uid}`;
  const typeF = { key: "incomeType", kind: "select", list: "incomeType", label: "f.income.type", required: true };
  const amountF = { key: "amount", kind: "money", label: "f.income.amount", required: true };
  const row = h("div", { class: "income", role: "group", id: `income-${uid}`, "aria-labelledby": `income-${uid}-title`,
    dataset: { uid, iri } },
    h("span", { class: "sr-only sr-title", id: `income-${uid}-title` }),
    field(incomeFieldId(uid, "type"), typeF, item.type),
    field(incomeFieldId(uid, "amount"), amountF, item.amount),
    h("button", { type: "button", class: "remove link", onclick: () => {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove(); renumber(); updateIncome();
      (next ? next.querySelector("select") : document.getElementById("add-income")).focus();
    } }));
  document.getElementById("income-items").append(row);
  renumber();
  updateIncome();
  if (focus) row.querySelector("select").focus();
  return uid;
}

function updateIncome() {
  const rows = document.querySelectorAll("#income-items > .income");
  const empty = document.getElementById("income-empty");
  if (empty) empty.hidden = rows.length > 0 || document.getElementById("f-noIncome").checked;
  let fen = 0n;
  let ok = rows.length > 0;
  for (const row of rows) {
    const v = toFen(row.querySelector('[data-key="amount"]').value);
    if (v === null) ok = false; else fen += v;
  }
  const total = document.getElementById("income-total");
  if (total) total.textContent = ok ? t("income.total", { total: fenText(fen) }) : "";
}

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

// -- reading --------------------------------------------------------------------------------

function readValue(el, f) {
  if (!el) return f.kind === "bool" ? null : "";
  if (f.kind === "bool") return el.value === "" ? null : el.value === "true";
  return el.value.trim();
}

export function readForm(root) {
  const model = { iri: root.dataset.iri || null };
  for (const f of ALL_HOUSEHOLD) {
    if (f.kind === "codes") {
      model[f.key] = [...root.querySelectorAll(`#${householdFieldId(f.key)} input:checked`)].map((c) => c.value);
    } else {
      model[f.key] = readValue(document.getElementById(householdFieldId(f.key)), f);
    }
  }
  model.noIncome = document.getElementById("f-noIncome").checked;
  model.members = [...root.querySelectorAll("#members > .member")].map((fs) => {
    const m = { iri: fs.dataset.iri, uid: fs.dataset.uid };
    for (const f of ALL_MEMBER) m[f.key] = readValue(document.getElementById(memberFieldId(fs.dataset.uid, f.key)), f);
    return m;
  });
  model.incomeItems = [...root.querySelectorAll("#income-items > .income")].map((row) => ({
    iri: row.dataset.iri, uid: row.dataset.uid,
    type: document.getElementById(incomeFieldId(row.dataset.uid, "type")).value,
    amount: document.getElementById(incomeFieldId(row.dataset.uid, "amount")).value.trim(),
  }));
  return model;
}

// -- validation -----------------------------------------------------------------------------

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function validDate(s) {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Problems of a model as [{id, message}], each naming the field it concerns. */
export function validate(model) {
  const errors = [];
  const add = (id, key) => errors.push({ id, message: t(key) });
  const check = (id, f, v) => {
    if (f.required && (v === "" || v === null)) return add(id, "err.required");
    if (v === "" || v === null) return;
    if (f.kind === "date" && !validDate(v)) add(id, "err.date");
    if (f.kind === "money" && toFen(v) === null) add(id, "err.money");
    if (f.kind === "int" && !(/^\d{1,3}$/.test(v) && Number(v) <= 130)) add(id, "err.age");
  };
  for (const f of ALL_HOUSEHOLD) if (f.kind !== "codes") check(householdFieldId(f.key), f, model[f.key]);
  if (model.problem.includes("none") && model.problem.length > 1) add(householdFieldId("problem"), "err.problem_none");
  if (!model.members.length) add("add-member", "err.members");
  for (const m of model.members) {
    for (const f of ALL_MEMBER) check(memberFieldId(m.uid, f.key), f, m[f.key]);
    if (m.birthDate && validDate(m.birthDate) && validDate(model.assessmentDate) && m.birthDate > model.assessmentDate) {
      add(memberFieldId(m.uid, "birthDate"), "err.birth_after");
    }
  }
  if (model.noIncome && model.incomeItems.length) add("f-noIncome", "err.no_income_items");
  for (const item of model.incomeItems) {
    if (!item.type) add(incomeFieldId(item.uid, "type"), "err.income_type");
    check(incomeFieldId(item.uid, "amount"), { kind: "money", required: true }, item.amount);
  }
  return errors;
}

// -- errors next to fields ------------------------------------------------------------------

export function clearErrors(root) {
  for (const p of root.querySelectorAll(".err")) { p.hidden = true; p.textContent = ""; }
  for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const summary = document.getElementById("error-summary");
  if (summary) { summary.hidden = true; clear(summary); }
}

function clearError(id) {
  if (!id) return;
  const p = document.getElementById(`${id}-err`);
  if (p && !p.hidden) { p.hidden = true; p.textContent = ""; }
  const el = document.getElementById(id);
  if (el) el.removeAttribute("aria-invalid");
}

/** Show errors [{id, message}] next to their fields and in a summary linking to them. */
export function showErrors(errors, { summaryTitle, general = [] } = {}) {
  const summary = document.getElementById("error-summary");
  const items = [];
  const byId = new Map();
  for (const e of errors) {
    const el = e.id && document.getElementById(e.id);
    const p = el && document.getElementById(`${e.id}-err`);
    if (!el || !p) { general.push(e.message); continue; }
    const list = byId.get(e.id) || [];
    if (!list.includes(e.message)) list.push(e.message);
    byId.set(e.id, list);
  }
  for (const [id, messages] of byId) {
    const el = document.getElementById(id);
    const p = document.getElementById(`${id}-err`);
    const sep = lang() === "en" ? "; " : "；";
    p.textContent = messages.join(sep);
    p.hidden = false;
    el.setAttribute("aria-invalid", "true");
    items.push(h("li", {}, h("a", { href: `#${id}`, onclick: (ev) => { ev.preventDefault(); focusField(id); } },
      `${fieldName(id)}${lang() === "en" ? ": " : "："}${messages.join(sep)}`)));
  }
  for (const message of general) items.push(h("li", {}, message));
  if (!items.length) return;
  clear(summary);
  summary.append(h("h3", {}, summaryTitle || t("err.summary", { n: items.length })), h("ul", {}, items));
  summary.hidden = false;
  summary.focus();
}

/** The visible name of a field: its label (with the member/income item it belongs to). */
export function fieldName(id) {
  const el = document.getElementById(id);
  if (!el) return id;
  let name;
  if (el.tagName === "FIELDSET") name = el.querySelector("legend").textContent;
  else if (el.tagName === "BUTTON") name = el.textContent;
  else {
    const label = document.querySelector(`label[for="${id}"]`);
    name = label ? label.textContent.replace(/\s*\*$/, "") : id;
  }
  const member = el.closest(".member");
  if (member) name = `${member.querySelector("legend").textContent} · ${name}`;
  const income = el.closest(".income");
  if (income) name = `${income.querySelector(".sr-title").textContent} · ${name}`;
  return name;
}

export function focusField(id) {
  const el = document.getElementById(id);
  if (!el) return false;
  for (let d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  const target = el.tagName === "FIELDSET" ? el.querySelector("input, select") || el : el;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
  return true;
}

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
