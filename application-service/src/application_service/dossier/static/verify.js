// Verifies a decision dossier in the browser: the compact JWS from the link's fragment (never
// sent to a server), its ES256 signature checked with WebCrypto against the dossier keys
// published in this origin's /.well-known/jwks.json. Nothing is inline (the gateway's CSP).

const TYPE = "panjereh-dossier+jwt";
const KID_PREFIX = "dossier-";

const TEXT = {
  fa: {
    title: "بررسی پروندهٔ تصمیم",
    intro: "این صفحه امضای پروندهٔ تصمیم را با کلیدهای منتشرشدهٔ پنجره در همین مرورگر بررسی می‌کند؛ پرونده به هیچ سروری فرستاده نمی‌شود.",
    checking: "در حال بررسی…",
    valid: "پروندهٔ تصمیم معتبر است",
    validWhy: "امضا با کلید منتشرشدهٔ پنجره تطبیق دارد و محتوا از زمان امضا تغییر نکرده است.",
    invalid: "پروندهٔ تصمیم معتبر نیست",
    none: "پرونده‌ای برای بررسی نیست",
    noneWhy: "پیوند بررسی را از صفحهٔ پیگیری باز کنید یا متن پرونده را در کادر زیر بگذارید.",
    malformed: "متن پرونده خوانا نیست.",
    wrongType: "این سند پروندهٔ تصمیم نیست (نوع آن فرق دارد).",
    unknownKey: "با کلیدی امضا شده که پنجره منتشر نکرده است.",
    badSignature: "امضا تطبیق ندارد: پرونده پس از امضا تغییر کرده یا جعلی است.",
    noCrypto: "این مرورگر امکان بررسی امضا را ندارد؛ از ابزار خط فرمان panjereh-dossier استفاده کنید.",
    noKeys: "کلیدهای منتشرشده دریافت نشد؛ بعداً دوباره تلاش کنید.",
    unknownRef: "پرونده‌ای با این پیوند پیدا نشد.",
    decision: "تصمیم",
    outcome: "نتیجه",
    by: "تصمیم‌گیرنده",
    decidedAt: "زمان تصمیم",
    service: "خدمت",
    tracking: "کد رهگیری",
    reasons: "دلایل",
    noReasons: "—",
    legalBasis: "مبنای قانونی استعلام‌ها",
    evidence: "مدارک استعلام‌شده (چکیدهٔ SHA-256 هر سابقه، همان‌گونه که دریافت شد)",
    key: "کلید امضا",
    rules: "چکیدهٔ قواعد",
    pasteTitle: "پرونده‌ای دارید؟",
    paste: "پیوند بررسی یا متن پرونده را اینجا بگذارید",
    check: "بررسی",
    approved: "پذیرفته شد",
    rejected: "رد شد",
    rulesBy: "قواعد منتشرشدهٔ خدمت (خودکار)",
    officerBy: "کارشناس دستگاه",
    slaBy: "پایان مهلت قانونی (سکوت به منزلهٔ موافقت)",
    retrieved: "دریافت",
    found: "یافت شد",
    not_found: "یافت نشد",
    approvedOn: "تأیید مرجع مبنای قانونی",
    other: "English",
    locale: "fa-IR",
  },
  en: {
    title: "Verify a decision dossier",
    intro: "This page checks a decision dossier's signature against Panjereh's published keys, in this browser; the dossier is sent to no server.",
    checking: "Checking…",
    valid: "The decision dossier is valid",
    validWhy: "The signature holds under a key Panjereh published, and nothing changed since it was signed.",
    invalid: "The decision dossier is NOT valid",
    none: "No dossier to check",
    noneWhy: "Open the verification link from the tracking page, or paste the dossier below.",
    malformed: "The dossier cannot be read.",
    wrongType: "This is not a decision dossier (its type differs).",
    unknownKey: "It was signed with a key Panjereh never published.",
    badSignature: "The signature does not match: the dossier was changed after signing, or forged.",
    noCrypto: "This browser cannot check signatures; use the panjereh-dossier command-line tool.",
    noKeys: "The published keys could not be fetched; try again later.",
    unknownRef: "No dossier was found for this link.",
    decision: "Decision",
    outcome: "Outcome",
    by: "Decided by",
    decidedAt: "Decided at",
    service: "Service",
    tracking: "Tracking code",
    reasons: "Reasons",
    noReasons: "—",
    legalBasis: "Legal basis of the inquiries",
    evidence: "Evidence fetched (SHA-256 digest of each record as it was received)",
    key: "Signing key",
    rules: "Rules digest",
    pasteTitle: "Have a dossier?",
    paste: "Paste the verification link or the dossier here",
    check: "Check",
    approved: "Approved",
    rejected: "Rejected",
    rulesBy: "the service's published rules (automatic)",
    officerBy: "an officer of the agency",
    slaBy: "the end of the legal deadline (silence is consent)",
    retrieved: "received",
    found: "found",
    not_found: "not found",
    approvedOn: "approved by the legal-basis office",
    other: "فارسی",
    locale: "en-GB",
  },
};

let lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "fa";
let last = null; // {state, why, header, payload}

const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[lang][key] ?? key;

function b64url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function json(part) {
  return JSON.parse(new TextDecoder().decode(b64url(part)));
}

class Invalid extends Error {}

export async function verify(jws) {
  const parts = jws.trim().split(".");
  if (parts.length !== 3) throw new Invalid("malformed");
  let header, payload;
  try {
    header = json(parts[0]);
    payload = json(parts[1]);
  } catch {
    throw new Invalid("malformed");
  }
  if (header.typ !== TYPE || header.alg !== "ES256") throw new Invalid("wrongType");
  if (typeof header.kid !== "string" || !header.kid.startsWith(KID_PREFIX)) {
    throw new Invalid("unknownKey");
  }
  if (!globalThis.crypto || !crypto.subtle) throw new Invalid("noCrypto");
  let jwks;
  try {
    const response = await fetch("/.well-known/jwks.json", { cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    jwks = await response.json();
  } catch {
    throw new Invalid("noKeys");
  }
  const jwk = (jwks.keys || []).find((k) => k.kid === header.kid);
  if (!jwk) throw new Invalid("unknownKey");
  const key = await crypto.subtle.importKey(
    "jwk",
    { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, ext: true },
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["verify"],
  );
  const signed = new TextEncoder().encode(parts[0] + "." + parts[1]);
  let good = false;
  try {
    good = await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" }, key, b64url(parts[2]), signed,
    );
  } catch {
    good = false;
  }
  if (!good || payload.kid !== header.kid) throw new Invalid("badSignature");
  return { header, payload };
}

// Left-to-right isolates: an ISO moment or a digest reads the same inside Persian text.
const ltr = (text) => `\u2066${text}\u2069`;

function when(iso) {
  if (!iso) return "—";
  const moment = new Date(iso);
  const jalali = new Intl.DateTimeFormat(`${t("locale")}-u-ca-persian`, {
    dateStyle: "long", timeStyle: "short", timeZone: "Asia/Tehran",
  }).format(moment);
  return `${jalali} (${ltr(iso)})`;
}

function item(list, text, dir) {
  const li = document.createElement("li");
  li.textContent = text;
  if (dir) li.dir = dir;
  list.append(li);
}

function render() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "fa" ? "rtl" : "ltr";
  document.title = `${t("title")} — Panjereh`;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("lang").textContent = t("other");
  $("lang").lang = lang === "fa" ? "en" : "fa";
  if (!last) return;
  const status = $("status");
  status.className = last.state;
  $("verdict").textContent = t(last.state === "valid" ? "valid" : last.state === "none" ? "none" : "invalid");
  $("why").textContent = t(last.why);
  $("details").hidden = last.state !== "valid";
  $("paste-box").hidden = last.state === "valid";
  if (last.state !== "valid") return;
  const p = last.payload;
  $("outcome").textContent = t(p.decision.outcome);
  $("by").textContent = t(`${p.decision.by}By`);
  $("decided-at").textContent = when(p.decided_at);
  const name = p.service_name ? p.service_name[lang] : "";
  $("service").textContent = name ? `${name} (${p.service_id})` : p.service_id;
  $("tracking").textContent = p.tracking_code;
  const reasons = $("reasons");
  reasons.replaceChildren();
  for (const reason of p.decision.reasons) item(reasons, reason[lang] || reason.en);
  if (!p.decision.reasons.length) item(reasons, t("noReasons"));
  const bases = $("bases");
  bases.replaceChildren();
  for (const basis of p.legal_basis) {
    item(bases, `${basis.evidence_type}: ${basis.law_reference ?? "—"} — ${t("approvedOn")} ${when(basis.decided_at)}`);
  }
  const evidence = $("evidence");
  evidence.replaceChildren();
  for (const e of p.evidence) {
    item(evidence, `${e.type} (${e.registry ?? "—"}, ${t(e.status) ?? ""}) — ${t("retrieved")} ${when(e.retrieved_at)} — ${ltr(e.digest)}`);
  }
  $("kid").textContent = last.header.kid;
  $("rules").textContent = p.rules_digest;
}

function extract(text) {
  const trimmed = text.trim();
  return trimmed.includes("#") ? trimmed.slice(trimmed.lastIndexOf("#") + 1) : trimmed;
}

// A short link (the QR code's) names the dossier by reference: fetch it, then verify it
// exactly like a dossier given whole. The reference goes in a POST body, never a URL.
async function resolve(fragment) {
  if (!fragment.startsWith("ref=")) return fragment;
  let response;
  try {
    response = await fetch("/v1/dossiers/lookup", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ref: fragment.slice(4) }),
    });
  } catch {
    throw new Invalid("noKeys");
  }
  if (!response.ok) throw new Invalid("unknownRef");
  return (await response.json()).dossier;
}

async function check(jws) {
  if (!jws) {
    last = { state: "none", why: "noneWhy" };
  } else {
    last = { state: "pending", why: "checking" };
    render();
    try {
      const { header, payload } = await verify(await resolve(jws));
      last = { state: "valid", why: "validWhy", header, payload };
    } catch (error) {
      last = { state: "invalid", why: error instanceof Invalid ? error.message : "badSignature" };
    }
  }
  render();
  document.body.dataset.verdict = last.state;
}

$("lang").addEventListener("click", () => {
  lang = lang === "fa" ? "en" : "fa";
  render();
});
$("paste").addEventListener("submit", (event) => {
  event.preventDefault();
  const jws = extract($("jws").value);
  history.replaceState(null, "", `#${jws}`);
  check(jws);
});
window.addEventListener("hashchange", () => check(location.hash.slice(1)));
check(decodeURIComponent(location.hash.slice(1)));
