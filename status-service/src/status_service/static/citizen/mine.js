// "My data": every application of mine across agencies, and every fetch of my data with its
// flags (badges said in plain words) and a dispute button.
import * as api from "./api.js";
import { FLAGS, agencyName, disputeState, el, evidenceName, label, named, state, t, when } from "./i18n.js";

const DECIDED = new Set(["approved", "rejected"]);
const $ = (id) => document.getElementById(id);
const data = { applications: [], access: [], next: { applications: null, access: null } };
let handlers = { preview: () => {}, dossier: () => {}, dispute: () => {} };

export function use(actions) { handlers = actions; }

export async function load() {
  const [applications, access] = await Promise.all([api.applications(), api.accessLog()]);
  data.applications = applications.items || [];
  data.access = access.items || [];
  data.next = { applications: applications.next_cursor, access: access.next_cursor };
  render();
}

// Lists are pages (API.md, Conventions): "more" appends the next one.
const FETCH = { applications: api.applications, access: api.accessLog };
async function more(kind) {
  const next = await FETCH[kind](data.next[kind]);
  data[kind] = data[kind].concat(next.items || []);
  data.next[kind] = next.next_cursor;
  render();
}

// After "more", focus goes to the first item it brought, not back to the page's top.
export function wire() {
  for (const [kind, list] of [["applications", "applications"], ["access", "access-log"]]) {
    const button = $(`more-${kind}`);
    button.addEventListener("click", () => {
      const count = $(list).children.length;
      button.disabled = true; // one page at a time: a second click would fetch the same cursor
      more(kind).then(() => $(list).children[count]?.querySelector("button")?.focus())
        .catch(() => {}).finally(() => { button.disabled = false; });
    });
  }
}

export function render() {
  renderApplications();
  renderAccess();
  $("more-applications").hidden = !data.next.applications;
  $("more-access").hidden = !data.next.access;
}

export function markDisputed(id, dispute) {
  const entry = data.access.find((item) => item.id === id);
  if (entry) entry.dispute = dispute;
  renderAccess();
}

const agency = (item) => named(item.agency) || agencyName(item.agency_id);
const row = (key, ...value) => el("div", { class: "row" }, el("dt", { text: t(key) }), el("dd", { class: key }, ...value));

function renderApplications() {
  const list = $("applications");
  if (!data.applications.length) {
    list.replaceChildren(el("li", { class: "empty", text: t("noApplications") }));
    return;
  }
  list.replaceChildren(...data.applications.map((item) => {
    const id = item.application_id || item.id;
    const actions = [];
    if (item.state === "awaiting_applicant") {
      actions.push(el("button", { type: "button", class: "act", "data-preview": id, text: t("review") }));
    }
    if (DECIDED.has(item.state)) {
      actions.push(el("button", { type: "button", class: "quiet act", "data-dossier": id, text: t("showDossier") }));
    }
    const moment = item.updated_at || item.submitted_at;
    return el("li", { class: "card", "data-application": id, "data-state": item.state,
      "data-agency": item.agency_id, "data-tracking": item.tracking_code },
      el("h4", { text: named(item.service) || item.service_id || "" }),
      el("p", { class: `state state-${item.state}`, text: label(item.state_label, item.state) }),
      el("dl", {},
        row("who", agency(item)),
        row("trackingCode", el("span", { dir: "ltr", text: item.tracking_code || "" })),
        moment ? row("updated", when(moment, item.updated_at_jalali || item.submitted_at_jalali)) : null),
      actions.length ? el("div", { class: "actions" }, ...actions) : null);
  }));
  list.querySelectorAll("[data-preview]").forEach((b) => b.addEventListener("click", () => handlers.preview(b.dataset.preview, b)));
  list.querySelectorAll("[data-dossier]").forEach((b) => b.addEventListener("click", () => handlers.dossier(b.dataset.dossier, b)));
}

function badge(flag) {
  const words = FLAGS[flag]?.[state.lang];
  const title = words ? words[0] : flag;
  return el("li", { class: "badge", "data-flag": flag },
    el("strong", { text: title }), words ? el("span", { class: "explain", text: words[1] }) : null);
}

function disputeView(entry) {
  if (entry.dispute) {
    const { note } = entry.dispute;
    return el("div", { class: "dispute-state", "data-dispute": entry.dispute.state || "" },
      el("p", {}, `${t("disputeState")}: `, el("strong", { text: disputeState(entry.dispute) })),
      note ? el("p", {}, `${t("officeNote")}: `, el("span", { dir: "auto", text: note })) : null);
  }
  return el("button", { type: "button", class: "quiet act", "data-dispute-for": entry.id, text: t("dispute") });
}

function renderAccess() {
  const list = $("access-log");
  if (!data.access.length) {
    list.replaceChildren(el("li", { class: "empty", text: t("noAccess") }));
    return;
  }
  list.replaceChildren(...data.access.map((entry) => {
    const flags = entry.flags || [];
    const basis = entry.law_reference || entry.legal_basis_ref || entry.legal_basis?.reference || t("noBasis");
    const purpose = named(entry.service) || entry.service_id || "";
    return el("li", { class: flags.length ? "card flagged" : "card", "data-entry": entry.id,
      "data-agency": entry.agency_id, "data-path": entry.path },
      el("h4", {}, el("span", { text: agency(entry) }), " — ", el("span", { text: evidenceName(entry.evidence_type) })),
      flags.length ? el("ul", { class: "badges", "aria-label": flags.map((f) => FLAGS[f]?.[state.lang]?.[0] || f).join("، ") }, ...flags.map(badge)) : null,
      el("dl", {},
        row("when", when(entry.at, entry.at_jalali)),
        row("why", el("span", { text: purpose })),
        row("basis", el("span", { dir: "auto", text: basis })),
        row("application", el("span", { text: entry.application_id ? t("viaApplication") : t("direct") }))),
      el("div", { class: "actions" }, disputeView(entry)));
  }));
  list.querySelectorAll("[data-dispute-for]").forEach((button) => {
    const entry = data.access.find((item) => item.id === button.dataset.disputeFor);
    button.addEventListener("click", () => handlers.dispute(entry, button));
  });
}
