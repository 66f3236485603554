// Sign-in by one-time code: national code + mobile, then the 6-digit code from the SMS.
// Whatever the server did with the first step, the page says the same thing (no oracle).
import * as api from "./api.js";
import { ascii, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
let nationalCode = "";
let signedIn = () => {};

export function use(onSignedIn) { signedIn = onSignedIn; }

// The message keeps its key (data-c), so the language toggle says it again in the other.
export function say(key) {
  const message = $("citizen-message");
  if (key) message.dataset.c = key;
  else delete message.dataset.c;
  message.textContent = key ? t(key) : "";
  message.hidden = !key;
}

export function show(messageKey) {
  $("mine").hidden = true;
  $("login").hidden = false;
  $("otp-form").hidden = false;
  $("code-form").hidden = true;
  $("otp-code").value = "";
  say(messageKey);
}

async function askCode(event) {
  event.preventDefault();
  nationalCode = ascii($("otp-national").value.trim());
  try {
    const { status } = await api.askCode(nationalCode, ascii($("otp-mobile").value.trim()));
    if (status === 422 || status === 400) { say("invalid"); return; }
    if (status === 429) { say("tooMany"); return; }
  } catch { say("offline"); return; }
  say(null);
  $("otp-form").hidden = true;
  $("code-form").hidden = false;
  $("otp-code").focus();
}

async function exchange(event) {
  event.preventDefault();
  const code = ascii($("otp-code").value.trim());
  let answer;
  try { answer = await api.exchange(nationalCode, code); } catch { say("offline"); return; }
  if (answer.status === 429) { say("tooMany"); return; }
  if (answer.status !== 200 || !answer.json?.access_token) { say("badCode"); $("otp-code").select(); return; }
  api.start(answer.json.access_token, answer.json.expires_in || 900);
  say(null);
  signedIn();
}

export function wire() {
  $("otp-form").addEventListener("submit", askCode);
  $("code-form").addEventListener("submit", exchange);
  $("other-mobile").addEventListener("click", () => { show(null); $("otp-mobile").focus(); });
}
