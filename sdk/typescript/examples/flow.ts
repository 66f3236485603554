// An agency backend's day with the SDK, as an integrator would run it (node): a token, a
// submission with Persian digits, the status long-polled to a referral, a 304 on the
// unchanged ETag, the officer's review; then a burst past the limit, waited out.
// node dist/examples/flow.js URL CLIENT_ID CLIENT_SECRET SERVICE NATIONAL_CODE BURST
import { Panjereh, PanjerehError } from "../src/index.js";

const [url, clientId, clientSecret, service, nationalCode, burst] = process.argv.slice(2);
if (!url || !clientId || !clientSecret || !service || !nationalCode) {
  throw new Error("usage: flow.js URL CLIENT_ID CLIENT_SECRET SERVICE NATIONAL_CODE [BURST]");
}
const say = (step: string, fields: object) => console.log(JSON.stringify({ step, ...fields }));
const sdk = new Panjereh(url, { clientId, clientSecret, retry: { attempts: 8 } });

const submitted = await sdk.submit(service, nationalCode, "۰۹۱۲۱۰۰۰۰۰۱");
say("submitted", { id: submitted.id, tracking_code: submitted.tracking_code });
const decided = await sdk.waitForDecision(submitted.tracking_code, nationalCode, { wait: 5 });
say("decided", { state: decided.state });
const fresh = await sdk.status(submitted.tracking_code, nationalCode);
const again = await sdk.status(submitted.tracking_code, nationalCode, { etag: fresh.etag });
say("unchanged", { not_modified: again.notModified, etag: again.etag, was: fresh.etag });
const reviewed = await sdk.review(submitted.id, "approved", "بررسی کارشناس: مدارک کامل است.");
say("reviewed", { state: reviewed.state, tokens: sdk.tokensFetched });
try {
  await sdk.submit(service, "0018392742");
} catch (error) {
  if (!(error instanceof PanjerehError)) throw error;
  say("refused", { status: error.status, type: error.type, fields: error.errors.map((e) => e.field) });
}
const ids = [];
for (let n = 0; n < Number(burst ?? 0); n++) ids.push((await sdk.submit(service, nationalCode)).id);
say("burst", { ids, retried: sdk.stats.retried, backoffs: sdk.stats.backoffs, waited: sdk.stats.waitedSeconds });
