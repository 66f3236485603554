// One application: the preview step (the fetched fields, minimised, with confirm or report
// a field wrong) for `awaiting_applicant`, and for a decided one the dossier's QR code with
// its verification link beside it.
import * as api from "./api.js";
import { digits, el, evidenceName, label, named, t, when } from "./i18n.js";

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
  $("object-reason").value = "";
  $("dossier").hidden = true;
  say(null);
}

function reveal(titleText) {
  $("detail-title").textContent = titleText;
  $("detail").hidden = false;
  $("detail-title").focus();
}

// The fetched fields (only those the service's rules may use), a date's Jalali beside it.
function fields(evidence) {
  return el("dl", {}, ...(evidence.fields || []).map((field) => {
    const given = field.value;
    const value = given === null || given === undefined ? "—" : typeof given === "boolean" ? t(given ? "yes" : "no") : String(given);
    const shown = field.value_jalali ? `${digits(field.value_jalali)} · ${value}` : value;
    return el("div", { class: "row", "data-field": field.name },
      el("dt", { text: label(field.label, field.name) }), el("dd", { dir: "auto", text: shown }));
  }));
}

function evidenceCard(evidence) {
  const type = evidence.evidence_type;
  const at = evidence.retrieved_at;
  const found = evidence.status === "found";
  return el("article", { class: "card evidence", "data-evidence": type },
    el("h4", { text: evidenceName(type) }),
    el("p", { class: "meta" }, `${t("registry")}: ${evidence.source || ""}`,
      at ? el("span", {}, ` · ${t("retrieved")}: `, when(at, evidence.retrieved_at_jalali)) : null),
    found ? fields(evidence) : el("p", { text: t("notFound") }));
}

function renderPreview() {
  const application = current.application;
  const evidence = application.evidence || [];
  const due = application.preview;
  $("preview-until").replaceChildren(...(due ? [`${t("previewUntil")}: `, when(due.due_at, due.due_at_jalali)] : []));
  $("evidence").replaceChildren(...evidence.map(evidenceCard));
  $("object-type").replaceChildren(...evidence.map((e) => el("option", { value: e.evidence_type, text: evidenceName(e.evidence_type) })));
  $("preview").hidden = false;
}

export async function openPreview(id, button) {
  reset(id, button);
  current.application = await api.application(id);
  reveal(`${t("previewTitle")} — ${named(current.application.service) || ""}`);
  renderPreview();
}

// The dossier as its endpoint gives it: the compact JWS, a short verification link (a
// reference the /verify page resolves; a whole JWS is too long for a QR code a phone reads)
// and a QR code of that link as a PNG data URL (the CSP allows data: images; an <img> could
// not send the bearer token to a QR URL). The link beside the code is the one it holds.
function renderDossier() {
  const { dossier } = current;
  const link = dossier.short_verification_url || dossier.verification_url;
  $("verify-link").href = link;
  $("verify-link").textContent = link;
  $("qr").src = dossier.qr;
  $("qr").alt = t("qrAlt");
  $("dossier-signed").replaceChildren(...(dossier.signed_at ? [`${t("signedAt")}: `, when(dossier.signed_at, dossier.signed_at_jalali)] : []));
  $("dossier").hidden = false;
}

export async function openDossier(id, button) {
  reset(id, button);
  current.dossier = await api.dossier(id);
  reveal(t("dossierTitle"));
  renderDossier();
}

async function confirm() {
  current.application = await api.confirm(current.id);
  $("preview").hidden = true;
  say("confirmed");
  changed();
}

async function object(event) {
  event.preventDefault();
  const reason = $("object-reason").value.trim();
  if (!reason) { $("object-reason").reportValidity(); return; }
  current.application = await api.object(current.id, $("object-type").value, reason);
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
