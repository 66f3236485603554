// One application: the preview step (the fetched fields, minimised, with confirm or report
// a field wrong) for `awaiting_applicant`, and for a decided one the dossier's QR code with
// its verification link beside it.
import * as api from "./api.js";
import { el, evidenceName, label, named, t, when } from "./i18n.js";

const $ = (id) => document.getElementById(id);
let current = null; // {id, application?, dossier?}
let opener = null;
let changed = () => {};

export function use(onChanged) { changed = onChanged; }

// A key (data-c) is said again on the language toggle; a server's detail stays as it came.
function say(key, text) {
  const message = $("detail-message");
  if (key) message.dataset.c = key;
  else delete message.dataset.c;
  message.textContent = text || (key ? t(key) : "");
  message.hidden = !(text || key);
}

function reset(id, button) {
  current = { id };
  opener = button;
  $("preview").hidden = true;
  $("object-form").hidden = true;
  $("dossier").hidden = true;
  say(null);
}

function reveal(titleText) {
  $("detail-title").textContent = titleText;
  $("detail").hidden = false;
  $("detail-title").focus();
}

// A record's fields as the API gives them: a {name: value} map or [{name, label, value}].
function fields(evidence) {
  const given = evidence.fields || evidence.data || {};
  const pairs = Array.isArray(given)
    ? given.map((f) => [label(f.label, f.name), f.value])
    : Object.entries(given);
  return el("dl", {}, ...pairs.map(([name, value]) =>
    el("div", { class: "row" }, el("dt", { text: name }), el("dd", { dir: "auto", text: value === null ? "—" : String(value) }))));
}

function evidenceCard(evidence) {
  const type = evidence.type || evidence.evidence_type;
  const at = evidence.retrieved_at || evidence.at;
  return el("article", { class: "card evidence", "data-evidence": type },
    el("h4", { text: evidenceName(type) }),
    el("p", { class: "meta" }, `${t("registry")}: ${evidence.registry || ""}`,
      at ? el("span", {}, ` · ${t("retrieved")}: `, when(at, evidence.retrieved_at_jalali)) : null),
    fields(evidence));
}

function renderPreview() {
  const application = current.application;
  const evidence = application.evidence || [];
  const until = application.preview_until || application.preview_ends_at;
  $("preview-until").replaceChildren(...(until ? [`${t("previewUntil")}: `, when(until, application.preview_until_jalali || application.preview_ends_at_jalali)] : []));
  $("evidence").replaceChildren(...evidence.map(evidenceCard));
  $("object-type").replaceChildren(...evidence.map((e) => {
    const type = e.type || e.evidence_type;
    return el("option", { value: type, text: evidenceName(type) });
  }));
  $("preview").hidden = false;
}

export async function openPreview(id, button) {
  reset(id, button);
  current.application = await api.application(id);
  reveal(`${t("previewTitle")} — ${named(current.application.service) || ""}`);
  renderPreview();
}

// D's endpoint answers the dossier with its verification link and QR image (API.md).
function renderDossier() {
  const { dossier } = current;
  const link = dossier.verify_url || dossier.verification_url;
  $("verify-link").href = link;
  $("verify-link").textContent = link;
  $("qr").src = dossier.qr_url || dossier.qr || `/v1/citizen/applications/${encodeURIComponent(current.id)}/dossier/qr`;
  $("qr").alt = t("qrAlt");
  $("dossier").hidden = false;
}

export async function openDossier(id, button) {
  reset(id, button);
  current.dossier = await api.dossier(id);
  reveal(t("dossierTitle"));
  renderDossier();
}

async function confirm() {
  await api.confirm(current.id);
  $("preview").hidden = true;
  say("confirmed");
  changed();
}

async function object(event) {
  event.preventDefault();
  const reason = $("object-reason").value.trim();
  if (!reason) { $("object-reason").reportValidity(); return; }
  await api.object(current.id, $("object-type").value, reason);
  $("preview").hidden = true;
  say("objected");
  changed();
}

// Errors other than an ended session are said where the action was.
const guarded = (action) => async (...args) => {
  try { await action(...args); } catch (error) {
    if (!(error instanceof api.Expired)) say(null, error.problem?.detail || t("offline"));
  }
};

export function render() {
  if (!current || $("detail").hidden) return;
  if (current.application && !$("preview").hidden) {
    $("detail-title").textContent = `${t("previewTitle")} — ${named(current.application.service) || ""}`;
    renderPreview();
  }
  if (current.dossier) { $("detail-title").textContent = t("dossierTitle"); renderDossier(); }
}

export function close() {
  $("detail").hidden = true;
  current = null;
  if (opener && opener.isConnected) opener.focus();
}

export const wire = () => {
  $("confirm").addEventListener("click", guarded(confirm));
  $("object").addEventListener("click", () => { $("object-form").hidden = false; $("object-type").focus(); });
  $("object-form").addEventListener("submit", guarded(object));
  $("close-detail").addEventListener("click", close);
  return { preview: guarded(openPreview), dossier: guarded(openDossier) };
};
