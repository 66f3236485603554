// The citizen's session and the calls of API.md's Citizens section. The token lives in
// sessionStorage only (gone with the tab, never in a URL or localStorage); a 401, or the
// token's own expiry, ends the session and brings the login back with a clear message.
import { state } from "./i18n.js";

const KEY = "panjereh.citizen";
const listeners = new Set();
let timer = null;

export class Expired extends Error {}
export class Failed extends Error {
  constructor(status, problem) { super(String(status)); this.status = status; this.problem = problem; }
}

export function session() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) || "null");
    return stored && stored.token && stored.expires_at > Date.now() ? stored : null;
  } catch { return null; }
}

export function onEnd(listener) { listeners.add(listener); }

export function start(token, expiresIn) {
  const stored = { token, expires_at: Date.now() + expiresIn * 1000 };
  sessionStorage.setItem(KEY, JSON.stringify(stored));
  watch(stored);
}

export function watch(stored) {
  clearTimeout(timer);
  timer = setTimeout(() => end("expired"), Math.max(0, stored.expires_at - Date.now()));
}

export function end(why) {
  clearTimeout(timer);
  const had = sessionStorage.getItem(KEY) !== null;
  sessionStorage.removeItem(KEY);
  if (had || why === "expired") listeners.forEach((listener) => listener(why));
}

async function call(method, path, body, token) {
  const headers = { "Accept-Language": state.lang, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  return { status: response.status, json };
}

// A call on the citizen's own data: with the token, and the session ended on a 401.
export async function mine(method, path, body) {
  const current = session();
  if (!current) { end("expired"); throw new Expired(); }
  const { status, json } = await call(method, path, body, current.token);
  if (status === 401) { end("expired"); throw new Expired(); }
  if (status >= 400) throw new Failed(status, json);
  return json;
}

async function publicList(path) {
  const { status, json } = await call("GET", path);
  return status === 200 ? json.items || [] : [];
}

export const agencies = () => publicList("/v1/catalog/agencies");
export const evidenceTypes = () => publicList("/v1/catalog/evidence-types");
export const askCode = (nationalCode, mobile) => call("POST", "/v1/citizen/otp", { national_code: nationalCode, mobile });
export const exchange = (nationalCode, code) => call("POST", "/v1/citizen/token", { national_code: nationalCode, code });
const page = (path, cursor) => mine("GET", cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path);
export const applications = (cursor) => page("/v1/citizen/applications", cursor);
export const accessLog = (cursor) => page("/v1/citizen/access-log", cursor);
export const dispute = (id, reason) => mine("POST", `/v1/citizen/access-log/${encodeURIComponent(id)}/dispute`, { reason });
export const application = (id) => mine("GET", `/v1/citizen/applications/${encodeURIComponent(id)}`);
export const confirm = (id) => mine("POST", `/v1/citizen/applications/${encodeURIComponent(id)}/confirm`, {});
export const object = (id, evidenceType, reason) =>
  mine("POST", `/v1/citizen/applications/${encodeURIComponent(id)}/object`, { evidence_type: evidenceType, reason });
export const dossier = (id) => mine("GET", `/v1/citizen/applications/${encodeURIComponent(id)}/dossier`);
