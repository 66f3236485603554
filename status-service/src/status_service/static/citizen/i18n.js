// The citizen view's words in Persian and English, and how numbers and dates are shown.
// Persian is first: the page opens in Persian, right to left; the header's toggle switches.
export const TEXT = {
  fa: {
    tabTrack: "پیگیری با کد رهگیری", tabMine: "داده‌های من",
    loginTitle: "ورود با رمز یک‌بار مصرف", national: "کد ملی", mobile: "شماره همراه",
    sendCode: "ارسال رمز",
    codeSent: "اگر این شماره همراه به نام شما باشد، رمزی شش‌رقمی برایش پیامک شد. رمز تا دو دقیقه معتبر است.",
    code: "رمز شش‌رقمی", signIn: "ورود", otherMobile: "شماره دیگری وارد کنید",
    badCode: "رمز درست نیست یا منقضی شده است؛ دوباره تلاش کنید یا رمز تازه بخواهید.",
    tooMany: "تعداد تلاش‌ها زیاد است؛ کمی بعد دوباره امتحان کنید.",
    invalid: "کد ملی یا شماره همراه درست نیست.",
    expired: "نشست شما به پایان رسید؛ لطفاً دوباره وارد شوید.",
    signedOut: "از حساب خود خارج شدید.",
    offline: "ارتباط برقرار نشد؛ دوباره تلاش کنید.",
    mineTitle: "داده‌های من", signOut: "خروج", more: "موارد بیشتر",
    applications: "درخواست‌های من", noApplications: "درخواستی ندارید.",
    trackingCode: "کد رهگیری", updated: "آخرین تغییر", submitted: "ثبت",
    review: "بازبینی مدارک", showDossier: "برگه‌ی تصمیم",
    accessLog: "سابقه‌ی دسترسی به داده‌های من", noAccess: "هنوز هیچ دستگاهی داده‌ای از شما استعلام نکرده است.",
    who: "دستگاه", what: "مدرک", when: "زمان", why: "به منظور", basis: "مبنای قانونی", application: "درخواست",
    noBasis: "ندارد", direct: "استعلام مستقیم دستگاه", viaApplication: "در جریان درخواست",
    dispute: "اعتراض به این استعلام", disputeTitle: "اعتراض به استعلام",
    disputeHelp: "بنویسید چرا این استعلام را نادرست می‌دانید. اعتراض شما به دفتر مبانی قانونی و ناظران می‌رسد.",
    reason: "دلیل اعتراض", submit: "ثبت اعتراض", cancel: "انصراف",
    disputed: "اعتراض شما ثبت شد", disputeState: "وضعیت اعتراض", officeNote: "پاسخ دفتر مبانی قانونی",
    previewTitle: "بازبینی مدارک پیش از استفاده",
    previewHelp: "این داده‌ها از سامانه‌های ملی استعلام شده است. پیش از آنکه در تصمیم به کار رود، درستی آن را تأیید کنید یا نادرستی را گزارش دهید.",
    previewUntil: "اگر تا این زمان پاسخ ندهید، رسیدگی ادامه می‌یابد",
    confirm: "داده‌ها درست است", object: "گزارش نادرستی", objectTitle: "گزارش داده‌ی نادرست",
    evidenceType: "کدام مدرک؟", objectReason: "چه چیزی نادرست است؟", sendObjection: "ارسال گزارش",
    confirmed: "تأیید شما ثبت شد؛ رسیدگی ادامه می‌یابد.",
    objected: "گزارش شما ثبت شد؛ درخواست برای بررسی کارشناس فرستاده شد.",
    registry: "سامانه", retrieved: "زمان استعلام", notFound: "در سامانه یافت نشد.", yes: "بله", no: "خیر",
    dossierTitle: "برگه‌ی تصمیم قابل راستی‌آزمایی",
    dossierHelp: "این کد را هر کسی — دادگاه یا دستگاهی دیگر — می‌تواند بخواند و امضای تصمیم را بیازماید.",
    qrAlt: "کد QR پیوند راستی‌آزمایی تصمیم", signedAt: "امضا شده در", verifyLink: "پیوند راستی‌آزمایی", close: "بستن",
    other: "English",
  },
  en: {
    tabTrack: "Track by code", tabMine: "My data",
    loginTitle: "Sign in with a one-time code", national: "National code", mobile: "Mobile number",
    sendCode: "Send code",
    codeSent: "If this mobile number is yours, a 6-digit code was sent to it by SMS. The code is valid for two minutes.",
    code: "6-digit code", signIn: "Sign in", otherMobile: "Use another number",
    badCode: "The code is wrong or has expired; try again or ask for a new code.",
    tooMany: "Too many attempts; please try again shortly.",
    invalid: "The national code or the mobile number is not valid.",
    expired: "Your session has ended; please sign in again.",
    signedOut: "You have signed out.",
    offline: "Could not connect; please try again.",
    mineTitle: "My data", signOut: "Sign out", more: "Show more",
    applications: "My applications", noApplications: "You have no applications.",
    trackingCode: "Tracking code", updated: "Last change", submitted: "Submitted",
    review: "Review the data", showDossier: "Decision record",
    accessLog: "Who accessed my data", noAccess: "No agency has fetched any of your data yet.",
    who: "Agency", what: "Record", when: "When", why: "For", basis: "Legal basis", application: "Application",
    noBasis: "none", direct: "Fetched directly by the agency", viaApplication: "For an application",
    dispute: "Dispute this fetch", disputeTitle: "Dispute a fetch",
    disputeHelp: "Say why you think this fetch was wrong. Your dispute goes to the legal-basis office and the oversight operators.",
    reason: "Reason", submit: "Submit dispute", cancel: "Cancel",
    disputed: "Your dispute was recorded", disputeState: "Dispute", officeNote: "The legal-basis office's answer",
    previewTitle: "Review your data before it is used",
    previewHelp: "These data were fetched from the national registries. Before they are used in the decision, confirm they are right or report what is wrong.",
    previewUntil: "If you do not answer by then, processing goes ahead",
    confirm: "The data are correct", object: "Report a mistake", objectTitle: "Report wrong data",
    evidenceType: "Which record?", objectReason: "What is wrong?", sendObjection: "Send report",
    confirmed: "Your confirmation was recorded; processing goes ahead.",
    objected: "Your report was recorded; the application went to an officer for review.",
    registry: "Registry", retrieved: "Fetched at", notFound: "Not found in the registry.", yes: "Yes", no: "No",
    dossierTitle: "Verifiable decision record",
    dossierHelp: "Anyone — a court or another agency — can scan this code and check the decision's signature.",
    qrAlt: "QR code of the decision's verification link", signedAt: "Signed at", verifyLink: "Verification link", close: "Close",
    other: "فارسی",
  },
};

// Flags on an access-log entry, said in plain words (API.md, Citizens).
export const FLAGS = {
  "no-open-application": {
    fa: ["بدون درخواست باز", "این دستگاه زمانی داده‌ی شما را استعلام کرد که شما هیچ درخواست بازی نزد آن نداشتید."],
    en: ["No open application", "This agency fetched your data while you had no open application with it."],
  },
  disputed: {
    fa: ["مورد اعتراض", "شما به این استعلام اعتراض کرده‌اید."],
    en: ["Disputed", "You disputed this fetch."],
  },
  refused: {
    fa: ["رد شد", "دستگاه درخواست استعلام داد اما پنجره نپذیرفت؛ داده‌ای از شما به آن داده نشد."],
    en: ["Refused", "The agency asked, and the window refused: none of your data was given to it."],
  },
};

const DISPUTE_STATES = {
  open: { fa: "ثبت‌شده، در انتظار بررسی", en: "Submitted, awaiting review" },
  submitted: { fa: "ثبت‌شده، در انتظار بررسی", en: "Submitted, awaiting review" },
  under_review: { fa: "در حال بررسی", en: "Under review" },
  upheld: { fa: "پذیرفته شد", en: "Upheld" },
  rejected: { fa: "رد شد", en: "Rejected" },
  resolved: { fa: "رسیدگی شد", en: "Resolved" },
};

const PERSIAN = "۰۱۲۳۴۵۶۷۸۹";

export const state = { lang: document.documentElement.lang === "en" ? "en" : "fa" };

export const t = (key) => TEXT[state.lang][key] ?? key;

// What people type with a Persian or Arabic keyboard, as the API's ASCII digits.
export const ascii = (text) => String(text)
  .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
  .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));

export const digits = (text) => (state.lang === "fa" ? String(text).replace(/[0-9]/g, (d) => PERSIAN[d]) : String(text));

// A label from the API ({fa, en}) or a name pair (name_fa/name_en), else the bare id.
export const label = (pair, fallback = "") => (pair && (pair[state.lang] || pair.en || pair.fa)) || fallback;
export const named = (thing) => (thing ? (state.lang === "fa" ? thing.name_fa : thing.name_en) || thing.name_en || thing.id || "" : "");

export function disputeState(dispute) {
  return label(dispute.state_label, "") || label(DISPUTE_STATES[dispute.state], dispute.state);
}

// A moment as people here live it: the Jalali date and Tehran's clock, the ISO date beside.
export function when(iso, jalali) {
  const clock = new Date(iso).toLocaleTimeString(state.lang === "fa" ? "fa-IR" : "en-GB",
    { timeZone: "Asia/Tehran", hour: "2-digit", minute: "2-digit" });
  const time = document.createElement("time");
  time.dateTime = iso;
  const gregorian = el("bdi", { dir: "ltr", class: "iso", text: iso.slice(0, 10) });
  if (state.lang === "fa") time.append(`${jalali ? digits(jalali) : ""} ${clock} · `, gregorian);
  else time.append(gregorian, ` ${clock}${jalali ? ` · ${jalali}` : ""}`);
  return time;
}

// Names of agencies and evidence types, from the public catalogue (loaded once).
export const names = { agencies: {}, evidence: {} };
export const agencyName = (id) => named(names.agencies[id]) || id || "";
export const evidenceName = (code) => named(names.evidence[code]) || code || "";

// Small DOM helper: an element with a class, text or children.
export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(options)) {
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// Every [data-c] element says its key in the current language.
export function translate(root = document) {
  root.querySelectorAll("[data-c]").forEach((node) => { node.textContent = t(node.dataset.c); });
}
