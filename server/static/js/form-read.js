// The household form read back into a plain model (the one rdf.js turns into JSON-LD), and the
// client's own checks of that model, each problem naming the field it concerns.
import { t } from "./i18n.js";
import { ALL_HOUSEHOLD, ALL_MEMBER, householdFieldId, memberFieldId, incomeFieldId, toFen } from "./form-fields.js";

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
