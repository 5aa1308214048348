// The household form: built from the field definitions (form-fields.js) into the page, with member
// and income rows added and removed, and the income total kept current. Reading it back and
// validating is form-read.js; errors next to fields form-errors.js; RDF terms to fields form-terms.js.
import { h, clear } from "./dom.js";
import { t, codes, codeLabel } from "./i18n.js";
import {
  HOUSEHOLD_FIELDS, MEMBER_FIELDS, MEMBER_MORE_FIELDS, ALL_MEMBER, FORM_IRI_BASE, emptyMember,
  householdFieldId, memberFieldId, incomeFieldId, toFen, fenText,
} from "./form-fields.js";
import { clearError } from "./form-errors.js";

let uidCounter = 0;
const nextUid = () => ++uidCounter;

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
