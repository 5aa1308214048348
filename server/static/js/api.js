// Calls to the binggui API (same origin; paths relative to the page so a prefix still works).

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.description || body.message)) || `HTTP ${status}`);
    this.status = status;
    this.body = body || { code: status, message: `HTTP ${status}` };
  }
}

async function call(url, options = {}) {
  const response = await fetch(url, options);
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof body === "object" ? body : { code: response.status, message: String(body).slice(0, 200) });
  return body;
}

/** Media type of a household document, from its file name (or "application/ld+json"). */
export function mediaTypeFor(name) {
  return /\.(ttl|turtle)$/i.test(name || "") ? "text/turtle" : "application/ld+json";
}

function post(path, body, mediaType, params) {
  const query = new URLSearchParams(params).toString();
  return call(`${path}${query ? `?${query}` : ""}`, {
    method: "POST", headers: { "Content-Type": mediaType, Accept: "application/json" }, body,
  });
}

export function eligibility(body, mediaType, lang, jurisdiction) {
  const params = { lang };
  if (jurisdiction) params.jurisdiction = jurisdiction;
  return post("api/v1/eligibility", body, mediaType, params);
}

/** One household under every jurisdiction: {compared: [ids], jurisdictions: {id: answer}, ...}. */
export function compare(body, mediaType, lang) {
  return post("api/v1/compare", body, mediaType, { lang });
}

const documents = new Map();
export function documentText(file) {
  if (!documents.has(file)) {
    const p = call(`api/v1/documents/${encodeURIComponent(file)}`);
    p.catch(() => documents.delete(file));
    documents.set(file, p);
  }
  return documents.get(file);
}

export function rule(id) { return call(`api/v1/rules/${encodeURIComponent(id)}`); }

export function examples() { return call("examples"); }

export async function exampleFile(name) {
  const response = await fetch(`examples/${encodeURIComponent(name)}`);
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return { text: await response.text(), mediaType: (response.headers.get("Content-Type") || "").split(";")[0] };
}

/** The form model of a household document (read by the server's own reader). */
export function toForm(body, mediaType) {
  return post("ui/household-form", body, mediaType, {});
}

async function postForText(path, body, mediaType, params) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`${path}${query ? `?${query}` : ""}`, {
    method: "POST", headers: { "Content-Type": mediaType }, body });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response.blob();
}

/** The printable notice of one household (an HTML page, as a Blob). */
export function notice(body, mediaType, lang, jurisdiction) {
  const params = { lang };
  if (jurisdiction) params.jurisdiction = jurisdiction;
  return postForText("api/v1/notice", body, mediaType, params);
}

/** The ladder picture of one household under every jurisdiction (SVG, as a Blob). */
export function ladder(body, mediaType, lang) {
  return postForText("api/v1/compare/ladder", body, mediaType, { lang });
}
