// The dispute dialog: a reason, sent as POST /v1/citizen/access-log/{id}/dispute; the native
// <dialog> keeps focus inside while open and gives it back to the button on close.
import * as api from "./api.js";
import { agencyName, el, evidenceName, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
let entry = null;
let opener = null;
let done = () => {};

export function use(onDisputed) { done = onDisputed; }

export function open(target, button) {
  entry = target;
  opener = button;
  $("dispute-about").replaceChildren(el("strong", { text: agencyName(entry.agency_id) }), ` — ${evidenceName(entry.evidence_type)}`);
  $("dispute-reason").value = "";
  $("dispute-error").hidden = true;
  $("dispute-dialog").showModal();
  $("dispute-reason").focus();
}

function close() {
  $("dispute-dialog").close();
  if (opener && opener.isConnected) opener.focus();
}

async function submit(event) {
  event.preventDefault();
  const reason = $("dispute-reason").value.trim();
  if (!reason) { $("dispute-reason").reportValidity(); return; }
  try {
    const dispute = await api.dispute(entry.id, reason);
    $("dispute-dialog").close();
    done(entry.id, dispute || { state: "open" });
  } catch (error) {
    if (error instanceof api.Expired) { $("dispute-dialog").close(); return; }
    $("dispute-error").textContent = error.problem?.detail || t("offline");
    $("dispute-error").hidden = false;
  }
}

export function wire() {
  $("dispute-form").addEventListener("submit", submit);
  $("dispute-cancel").addEventListener("click", close);
}
