// The caseworker page: wires the form, the API calls, the answer, the comparison and the language.
import { h, clear } from "./dom.js";
import { t, setLang, lang, applyStatic, jurisdictionLabel } from "./i18n.js";
import * as api from "./api.js";
import { emptyModel, FORM_IRI_BASE } from "./form-fields.js";
import { renderForm, attachFormListeners } from "./form.js";
import { readForm, validate } from "./form-read.js";
import { clearErrors, showErrors, focusField } from "./form-errors.js";
import { fieldIdFor, memberNames, markAsked } from "./form-terms.js";
import { showApiError } from "./api-errors.js";
import { toJsonLd } from "./rdf.js";
import { answerView } from "./render.js";
import { compareView } from "./render-compare.js";
import { setupDialog, openClause, openRule } from "./clause.js";

const state = {
  lastEligibility: null,   // {kind: "eligibility", body, mediaType}: what the shown answer was asked with
  lastCompare: null,       // {kind: "compare", body, mediaType}
  answer: null,
  compare: null,
  names: new Map(),    // member IRI -> display name, as the form numbered them when sent
  source: null,        // {kind: "example"|"file", name}
};

const $ = (id) => document.getElementById(id);
const form = () => $("household-form");

function ctx() {
  return {
    memberName: (iri) => state.names.get(iri) || shortIri(iri),
    fieldIdFor: (term, node) => fieldIdFor(term, node),
    focusField,
    openClause,
    openRule,
    openNotice,
    ladderUrl: state.ladderUrl,
  };
}

/** The printable notice of the answer shown, in a new window (the API renders it). */
async function openNotice(answer) {
  const req = state.lastCompare && state.compare && state.compare.jurisdictions[answer.jurisdiction] === answer
    ? { ...state.lastCompare, jurisdiction: answer.jurisdiction } : state.lastEligibility;
  if (!req) return;
  const win = window.open("", "_blank");
  pending(+1);
  try {
    const blob = await api.notice(req.body, req.mediaType, lang(), req.jurisdiction || answer.jurisdiction);
    const url = URL.createObjectURL(blob);
    if (win) win.location.href = url; else location.assign(url);
  } catch (err) {
    if (win) win.close();
    showApiError(err, false);
  } finally {
    pending(-1);
  }
}


function clearAnswers() {
  state.lastEligibility = null; state.answer = null;
  state.lastCompare = null; state.compare = null;
  if (state.ladderUrl) URL.revokeObjectURL(state.ladderUrl);
  state.ladderUrl = null;
  markAsked(null);
  $("status").textContent = "";
  clear($("answer")).append(h("p", { class: "hint", "data-i18n": "result.empty" }, t("result.empty")));
  clear($("compare-detail"));
  clear($("compare-result")).append(h("p", { class: "hint", "data-i18n": "compare.empty" }, t("compare.empty")));
}

function shortIri(iri) {
  if (!iri) return "";
  const m = /[#/:]([^#/:]+)$/.exec(iri);
  return m ? m[1] : iri;
}

// -- language -----------------------------------------------------------------------------------

function initialLang() {
  const param = new URLSearchParams(location.search).get("lang");
  if (param === "en" || param === "zh") return param;
  try { return localStorage.getItem("binggui.lang") || "zh"; } catch { return "zh"; }
}

async function switchLang() {
  const model = readForm(form());
  setLang(lang() === "zh" ? "en" : "zh");
  try { localStorage.setItem("binggui.lang", lang()); } catch { /* private mode */ }
  const url = new URL(location.href);
  url.searchParams.set("lang", lang());
  history.replaceState(null, "", url);
  applyStatic();
  $("lang-switch").lang = lang() === "zh" ? "en" : "zh-CN";
  renderForm(form(), model, handlers);
  fillExamples(state.examples || []);
  showSource();
  state.names = memberNames();
  // Re-render what is shown at once, then ask again in the new language (the API's own texts).
  renderAnswer();
  if (state.compare) renderCompare();
  if (state.lastEligibility) await run(state.lastEligibility, { quiet: true });
  if (state.lastCompare) await run(state.lastCompare, { quiet: true });
}

// -- sending --------------------------------------------------------------------------------------

function buildRequest() {
  clearErrors(form());
  // Blank-node members (from a loaded file) get form IRIs, so the answer names exactly these rows.
  for (const row of form().querySelectorAll("#members > .member, #income-items > .income")) {
    if (!row.dataset.iri || row.dataset.iri.startsWith("_:")) {
      row.dataset.iri = `${FORM_IRI_BASE}${row.classList.contains("member") ? "member" : "income"}:${row.dataset.uid}`;
    }
  }
  const model = readForm(form());
  const errors = validate(model);
  if (errors.length) {
    showErrors(errors);
    return null;
  }
  const doc = toJsonLd(model);
  const body = JSON.stringify(doc, null, 2);
  $("rdf-preview").textContent = body;
  state.source = null;
  showSource();
  state.names = memberNames();
  return { body, mediaType: "application/ld+json", jurisdiction: model.jurisdiction };
}

const handlers = {
  onCompare: () => {
    const req = buildRequest();
    if (req) run({ ...req, kind: "compare" });
  },
  onReset: () => {
    state.source = null;
    showSource();
    clearAnswers();   // the answer shown was for the household just cleared
    renderForm(form(), emptyModel(), handlers);
    clearErrors(form());
    $("f-jurisdiction").focus();
  },
};

async function run(req, { quiet = false } = {}) {
  // A new household makes the other view stale: it is cleared rather than left showing another household.
  if (req.kind === "compare") {
    state.lastCompare = req;
    if (state.lastEligibility && state.lastEligibility.body !== req.body) {
      state.lastEligibility = null; state.answer = null;
      clear($("answer")).append(h("p", { class: "hint", "data-i18n": "result.empty" }, t("result.empty")));
    }
  } else {
    state.lastEligibility = req;
    if (state.lastCompare && state.lastCompare.body !== req.body) {
      state.lastCompare = null; state.compare = null;
      clear($("compare-detail"));
      clear($("compare-result")).append(h("p", { class: "hint", "data-i18n": "compare.empty" }, t("compare.empty")));
    }
  }
  const status = $("status");
  status.textContent = t(req.kind === "compare" ? "busy.compare" : "busy");
  document.body.classList.add("busy");
  pending(+1);
  try {
    if (req.kind === "compare") {
      const [result, picture] = await Promise.all([api.compare(req.body, req.mediaType, lang()),
        api.ladder(req.body, req.mediaType, lang()).catch(() => null)]);
      state.compare = result;
      if (state.ladderUrl) URL.revokeObjectURL(state.ladderUrl);
      state.ladderUrl = picture ? URL.createObjectURL(picture) : null;
      renderCompare();
      status.textContent = "";
      if (!quiet) focusHeading("compare-heading");
    } else {
      const answer = await api.eligibility(req.body, req.mediaType, lang());
      state.answer = answer;
      renderAnswer();
      status.textContent = summaryText(answer);
      if (!quiet) focusHeading("result-heading");
    }
  } catch (err) {
    status.textContent = "";
    showApiError(err, req.mapToForm !== false);
  } finally {
    if (pending(-1) === 0) document.body.classList.remove("busy");
  }
}

/** Requests in flight, also as body[data-pending] (tests wait for "0"). */
function pending(delta) {
  const n = Number(document.body.dataset.pending || 0) + delta;
  document.body.dataset.pending = String(n);
  return n;
}

function focusHeading(id) {
  const el = $(id);
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "start" });
}

function summaryText(answer) {
  const counts = {};
  for (const c of answer.categories) counts[c.status] = (counts[c.status] || 0) + 1;
  return ["eligible", "ineligible", "undetermined"].filter((s) => counts[s])
    .map((s) => `${t(`status.${s}`)} ${counts[s]}`).join(" · ");
}

function renderAnswer() {
  const root = clear($("answer"));
  if (state.answer) root.append(answerView(state.answer, ctx()));
  markAsked(state.answer);
}

function renderCompare() {
  const root = clear($("compare-result"));
  clear($("compare-detail"));
  if (!state.compare) return;
  root.append(compareView(state.compare, ctx(), (jid, button) => {
    const detail = clear($("compare-detail"));
    const answer = state.compare.jurisdictions[jid];
    const view = answerView(answer, ctx(), { headingLevel: 3 });
    detail.append(view);
    const heading = view.querySelector(".answer-title");
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
    button.setAttribute("aria-expanded", "true");
  }));
}

// -- examples and uploaded files ---------------------------------------------------------------------

function fillExamples(list) {
  const select = $("example-select");
  const chosen = select.value;
  clear(select);
  if (!list.length) select.append(h("option", { value: "" }, t("source.example.none")));
  const text = (e) => `${e.jurisdiction ? `${jurisdictionLabel(e.jurisdiction)} · ` : ""}${e.title || e.name}`;
  const seen = new Map();
  for (const e of list) seen.set(text(e), (seen.get(text(e)) || 0) + 1);
  for (const e of list) {
    // The same household as Turtle and as JSON-LD: the format tells the two entries apart.
    const format = seen.get(text(e)) > 1 ? ` (${/turtle/.test(e.media_type) ? "Turtle" : "JSON-LD"})` : "";
    select.append(h("option", { value: e.name, selected: e.name === chosen }, `${text(e)}${format}`));
  }
  $("example-load").disabled = !list.length;
}

function showSource(extra) {
  const note = $("source-note");
  if (!state.source) { note.hidden = true; note.textContent = ""; return; }
  note.textContent = t(state.source.kind === "example" ? "source.loaded" : "source.file", { name: state.source.name })
    + (extra ? ` — ${extra}` : "");
  note.hidden = false;
}

/** Evaluate a household document as is, and copy it into the form where the reader can. */
async function loadDocument(text, mediaType, source) {
  clearErrors(form());
  $("rdf-preview").textContent = text;
  let formNote = "";
  let filled = false;
  pending(+1);
  try {
    const model = await api.toForm(text, mediaType);
    renderForm(form(), model, handlers);
    filled = true;
  } catch (err) {
    formNote = t("source.form_failed", { why: err.message });
  } finally {
    pending(-1);
  }
  state.source = source;
  showSource(formNote);
  state.names = filled ? memberNames() : new Map();
  await run({ kind: "eligibility", body: text, mediaType, mapToForm: filled });
}

async function loadExample() {
  const name = $("example-select").value;
  if (!name) return;
  pending(+1);
  try {
    const file = await api.exampleFile(name);
    await loadDocument(file.text, file.mediaType || api.mediaTypeFor(name), { kind: "example", name });
  } catch (err) {
    showApiError(err);
  } finally {
    pending(-1);
  }
}

async function uploadFile(event) {
  const input = event.target;
  const file = input.files && input.files[0];
  const err = $("file-upload-err");
  err.hidden = true;
  input.removeAttribute("aria-invalid");
  if (!file) return;
  pending(+1);
  try {
    let text;
    try {
      text = await file.text();
    } catch (e) {
      err.textContent = e.message; err.hidden = false; input.setAttribute("aria-invalid", "true");
      return;
    }
    await loadDocument(text, api.mediaTypeFor(file.name), { kind: "file", name: file.name });
  } finally {
    pending(-1);
    input.value = "";   // choosing the same file again evaluates it again
  }
}

// -- start ------------------------------------------------------------------------------------------

async function start() {
  setLang(initialLang());
  applyStatic();
  $("lang-switch").lang = lang() === "zh" ? "en" : "zh-CN";
  setupDialog();
  const root = form();
  renderForm(root, emptyModel(), handlers);
  attachFormListeners(root);
  root.addEventListener("submit", (e) => {
    e.preventDefault();
    const req = buildRequest();
    if (req) run({ ...req, kind: "eligibility" });
  });
  $("lang-switch").addEventListener("click", switchLang);
  $("example-load").addEventListener("click", loadExample);
  $("file-upload").addEventListener("change", uploadFile);
  fillExamples([]);
  try {
    state.examples = (await api.examples()).examples || [];
  } catch {
    state.examples = [];
  }
  fillExamples(state.examples);
  document.body.dataset.pending = "0";
  document.body.dataset.ready = "true";
}

start();
