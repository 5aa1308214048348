// An API error shown next to the form fields it concerns: a violation's location or RDF path (with
// the node it is about) mapped to a field, the rest listed in the error summary; a network failure too.
import { t, lang } from "./i18n.js";
import { ApiError } from "./api.js";
import { householdFieldId } from "./form-fields.js";
import { showErrors } from "./form-errors.js";
import { fieldIdFor, parseMissing, shortTerm } from "./form-terms.js";

function localized(message) {
  if (!message) return "";
  if (typeof message === "string") return message;
  return message[lang()] || message.zh || message.en || "";
}

function locationField(location, node) {
  if (!location) return null;
  const loc = String(location).replace(/^(body|query):/, "");
  if (loc === "jurisdiction" || loc === "jurisdictions") return householdFieldId("jurisdiction");
  if (/^line\s/.test(loc)) return null;
  const parsed = parseMissing(loc);
  if (/^(bg|cv):|^https?:/.test(parsed.term)) return fieldIdFor(shortTerm(parsed.term), parsed.node || node);
  return null;
}

export function showApiError(err, mapToForm = true) {
  if (!(err instanceof ApiError)) {
    showErrors([], { general: [t("err.network", { why: err.message })] });
    return;
  }
  const body = err.body || {};
  const fieldErrors = [];
  const general = [];
  // Errors about a file that could not be copied into the form are not the form's fields' errors.
  for (const v of body.violations || []) {
    const id = mapToForm ? locationField(v.location, v.node) || locationField(v.path, v.node) : null;
    const shown = v.value !== undefined && v.value !== null ? (lang() === "en" ? ` (${v.value})` : `（${v.value}）`) : "";
    const message = localized(v.message) + shown;
    if (id) fieldErrors.push({ id, message });
    else general.push(`${message} ${v.location || v.path || ""}`.trim());
  }
  if (!fieldErrors.length && !general.length) {
    const id = mapToForm ? locationField(body.location) : null;
    const message = (lang() === "zh" && body.description_zh) || body.description || body.message || `HTTP ${err.status}`;
    if (id) fieldErrors.push({ id, message });
    else {
      general.push(`${t("err.api", { code: body.code || err.status, message: body.message || "" })} ${message}`);
      if (body.location) general.push(t("err.location", { loc: body.location }));
    }
  }
  showErrors(fieldErrors, { general });
}
