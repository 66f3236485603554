// The citizen's "my data" view on /track (#my-data): which part shows, the language shared
// with track.js (its toggle announces each change), and the session's start and end.
import * as api from "./api.js";
import * as detail from "./detail.js";
import * as dispute from "./dispute.js";
import { names, state, translate } from "./i18n.js";
import * as login from "./login.js";
import * as mine from "./mine.js";

const $ = (id) => document.getElementById(id);
const NAV = { fa: "بخش‌های صفحه", en: "Page sections" };

function showView() {
  const citizen = location.hash === "#my-data";
  $("citizen").hidden = !citizen;
  $("by-code").hidden = citizen;
  $("to-mine").toggleAttribute("aria-current", citizen);
  $("to-track").toggleAttribute("aria-current", !citizen);
  if (citizen) $("to-mine").setAttribute("aria-current", "page");
  else $("to-track").setAttribute("aria-current", "page");
}

async function loadNames() {
  const [agencies, evidence] = await Promise.all([api.agencies(), api.evidenceTypes()]);
  agencies.forEach((agency) => { names.agencies[agency.id] = agency; });
  evidence.forEach((type) => { names.evidence[type.code] = type; });
}

async function enter() {
  $("login").hidden = true;
  $("mine").hidden = false;
  $("detail").hidden = true;
  $("mine-title").focus();
  try { await loadNames().catch(() => {}); await mine.load(); } catch (error) {
    if (!(error instanceof api.Expired)) login.say("offline");
  }
}

function onLanguage() {
  state.lang = document.documentElement.lang === "en" ? "en" : "fa";
  $("views").setAttribute("aria-label", NAV[state.lang]);
  translate();
  mine.render();
  detail.render();
}

api.onEnd((why) => {
  if (document.getElementById("dispute-dialog").open) $("dispute-dialog").close();
  login.show(why === "expired" ? "expired" : "signedOut");
  if (location.hash === "#my-data") $("login-title").focus();
});

login.use(enter);
mine.wire();
login.wire();
dispute.wire();
dispute.use((id, result) => { mine.markDisputed(id, result); login.say("disputed"); });
mine.use({ ...detail.wire(), dispute: dispute.open });
detail.use(() => mine.load().catch(() => {}));
$("sign-out").addEventListener("click", () => api.end("signed-out"));
document.addEventListener("track:language", onLanguage);
window.addEventListener("hashchange", showView);

onLanguage();
showView();
const current = api.session();
if (current) { api.watch(current); enter(); } else if (sessionStorage.getItem("panjereh.citizen")) {
  api.end("expired"); // a token kept past its expiry: say so instead of a silent login form
} else login.show(null);
