# ruff: noqa: E501 — prose, one paragraph a line, in two languages
"""The developer portal's prose pages, Persian first and English: what docs/api.md says of
idempotency, rate limits, the sandbox, webhooks and versions, told to an integrator with the
request to send. Our own trusted HTML fragments (no user input reaches them)."""

from typing import Literal

Lang = Literal["fa", "en"]

TOPICS: dict[str, dict[Lang, tuple[str, str]]] = {
    "idempotency": {
        "fa": (
            "تکرارپذیری امن (Idempotency-Key)",
            """
<p>هر <code>POST /v1/applications</code> سرآیند <code>Idempotency-Key</code> می‌خواهد: رشته‌ای یکتا (۸ تا ۲۰۰ نویسه) برای هر درخواست تازه. اگر پاسخ را نگرفتید (قطع شبکه، <code>503</code>، <code>429</code>)، همان درخواست را با <strong>همان کلید و همان بدنه</strong> دوباره بفرستید: همان درخواست ثبت‌شده (همان <code>id</code> و <code>tracking_code</code>) برمی‌گردد، با سرآیند <code>Idempotent-Replayed: true</code>، و رویدادی دوباره ساخته نمی‌شود.</p>
<p>همان کلید با بدنهٔ دیگر پاسخ <a href="/problems/idempotency-key-reused"><code>409 idempotency-key-reused</code></a> می‌گیرد. کلیدها تا وقتی درخواست نگه داشته می‌شود (دست‌کم ۲۴ ساعت) می‌مانند و در دامنهٔ دستگاه‌اند: دو سامانهٔ یک دستگاه یک فضای کلید دارند.</p>
<pre dir="ltr"><code>curl -X POST $PANJEREH/v1/applications -H "Authorization: Bearer $TOKEN" \\
  -H "Idempotency-Key: order-42-attempt" -H 'Content-Type: application/json' -d @body.json</code></pre>""",
        ),
        "en": (
            "Safe retries (Idempotency-Key)",
            """
<p>Every <code>POST /v1/applications</code> needs an <code>Idempotency-Key</code> header: a unique string (8 to 200 characters) per new request. If you did not get the answer (the network dropped, a <code>503</code>, a <code>429</code>), send the same request again with <strong>the same key and the same body</strong>: you get the same application back (same <code>id</code> and <code>tracking_code</code>) with <code>Idempotent-Replayed: true</code>, and no second set of events.</p>
<p>The same key with another body is a <a href="/problems/idempotency-key-reused?lang=en"><code>409 idempotency-key-reused</code></a>. Keys are kept as long as the application (never less than 24 hours) and are scoped to the agency: two backends of one agency share a key space.</p>
<pre><code>curl -X POST $PANJEREH/v1/applications -H "Authorization: Bearer $TOKEN" \\
  -H "Idempotency-Key: order-42-attempt" -H 'Content-Type: application/json' -d @body.json</code></pre>""",
        ),
    },
    "rate-limits": {
        "fa": (
            "سقف درخواست‌ها",
            """
<p>درگاه هر کلاینت را (پیش‌فرض ۱۲۰۰ درخواست در دقیقه) و هر نشانی را (۶۰۰ در دقیقه) محدود می‌کند، و تلاش‌های نادرست توکن را به ازای هر نشانی (۳۰ در دقیقه). هر پاسخ شمرده‌شده می‌گوید چه مانده است (پیش‌نویس IETF ratelimit-headers):</p>
<pre dir="ltr"><code>RateLimit-Policy: "client";q=1200;w=60
RateLimit: "client";r=1150;t=12</code></pre>
<p>با گذشتن از سقف، پاسخ <a href="/problems/rate-limited"><code>429 rate-limited</code></a> با <code>Retry-After</code> است: ثانیه‌هایی که پس از آن درخواست پذیرفته می‌شود. کلاینت درست همان‌قدر صبر می‌کند و دوباره می‌فرستد (با همان <code>Idempotency-Key</code>)؛ <code>503</code> هم <code>Retry-After</code> دارد. سرویس وضعیت جست‌وجوهای نادرست را جداگانه محدود می‌کند (<a href="/problems/too-many-misses"><code>too-many-misses</code></a>).</p>""",
        ),
        "en": (
            "Rate limits",
            """
<p>The gateway limits each client (1200 requests a minute by default), each address (600 a minute) and failed token attempts per address (30 a minute). Every counted answer says what is left (the IETF ratelimit-headers draft):</p>
<pre><code>RateLimit-Policy: "client";q=1200;w=60
RateLimit: "client";r=1150;t=12</code></pre>
<p>Over a limit the answer is <a href="/problems/rate-limited?lang=en"><code>429 rate-limited</code></a> with <code>Retry-After</code>: the seconds until a request is admitted again. A good client waits that long and sends again (with the same <code>Idempotency-Key</code>); a <code>503</code> carries <code>Retry-After</code> too. The status service limits missed lookups on its own (<a href="/problems/too-many-misses?lang=en"><code>too-many-misses</code></a>).</p>""",
        ),
    },
    "sandbox": {
        "fa": (
            "محیط آزمایشی و شخصیت‌های آزمایشی",
            """
<p>در حالت‌های embedded و dev، سامانه‌های ملی شبیه‌سازی می‌شوند و کلاینت‌ها و شخصیت‌های آزمایشی آماده‌اند؛ در محیط عملیاتی مسیرهای <code>/v1/sandbox/…</code> پاسخ ۴۰۴ می‌دهند.</p>
<ul><li><code>GET /v1/sandbox/clients</code>: کلاینت‌های نمایشی و رمزهایشان.</li>
<li><code>GET /v1/sandbox/personas</code>: شخصیت‌ها با ویژگی‌شان (<code>complete</code>، <code>no-degree</code>، <code>expired-driving-license</code>، <code>deceased</code>، <code>mobile-mismatch</code> …) تا هر مسیر تصمیم را بیازمایید.</li>
<li><code>GET /v1/sandbox/sms?mobile=…</code>: پیامک‌هایی که فرستاده شد (کد ورود شهروند).</li></ul>
<p>شخصیت <code>complete</code> (کد ملی 0018392741، همراه 09121000001) همهٔ مدارک را دارد.</p>""",
        ),
        "en": (
            "The sandbox and its personas",
            """
<p>In the embedded and dev profiles the national registries are simulated and demo clients and personas are seeded; in production the <code>/v1/sandbox/…</code> routes answer 404.</p>
<ul><li><code>GET /v1/sandbox/clients</code>: the demo clients and their secrets.</li>
<li><code>GET /v1/sandbox/personas</code>: the personas with their traits (<code>complete</code>, <code>no-degree</code>, <code>expired-driving-license</code>, <code>deceased</code>, <code>mobile-mismatch</code> …) to try every path of a decision.</li>
<li><code>GET /v1/sandbox/sms?mobile=…</code>: the SMS sent (a citizen's login code).</li></ul>
<p>The <code>complete</code> persona (national code 0018392741, mobile 09121000001) has every record.</p>""",
        ),
    },
    "webhooks": {
        "fa": (
            "وبهوک‌ها",
            """
<p>با <code>POST /v1/webhooks</code> (دامنهٔ <code>webhooks:write</code>) یک نشانی HTTPS را مشترک رویدادهای درخواست‌های دستگاهتان کنید (حداکثر ۲۰ اشتراک). هر تحویل یک CloudEvent در حالت ساختاریافته است که به روش Standard Webhooks امضا می‌شود: <code>webhook-id</code>، <code>webhook-timestamp</code>، <code>webhook-signature</code> (HMAC-SHA256 با رمزی که یک بار نشان داده می‌شود).</p>
<p>تحویل دست‌کم یک بار و به ترتیب هر درخواست است؛ با <code>webhook-id</code> تکراری‌ها را کنار بگذارید. پاسخ غیر 2xx با تأخیر تصادفی تا ۲۶ ساعت دوباره فرستاده می‌شود و سپس «مرده» است و با <code>POST /v1/webhooks/{id}/deliveries/{delivery_id}/redeliver</code> دوباره فرستادنی است. <code>POST /v1/webhooks/{id}/test</code> رویداد آزمایشی می‌فرستد.</p>""",
        ),
        "en": (
            "Webhooks",
            """
<p><code>POST /v1/webhooks</code> (scope <code>webhooks:write</code>) subscribes an HTTPS endpoint to your agency's applications' events (20 subscriptions at most). Each delivery is a CloudEvent in structured mode, signed by the Standard Webhooks scheme: <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code> (HMAC-SHA256 under the secret shown once).</p>
<p>Deliveries are at least once and in order per application: drop duplicates by <code>webhook-id</code>. An answer other than 2xx is retried with jittered backoff for 26 hours, then the delivery is dead and can be sent again with <code>POST /v1/webhooks/{id}/deliveries/{delivery_id}/redeliver</code>. <code>POST /v1/webhooks/{id}/test</code> sends a test event.</p>""",
        ),
    },
    "versioning": {
        "fa": (
            "نسخه‌ها و کنارگذاری",
            """
<p>نسخهٔ اصلی در مسیر است (<code>/v1</code>). در <code>v1</code> فقط می‌افزاییم: عملیات تازه، فیلد اختیاری تازه، نوع رویداد تازه، مقدار تازه در فهرست‌های باز. کلاینت باید فیلدهای ناشناخته را نادیده بگیرد. هر تغییر شکننده به صورت <code>/v2</code> در کنار <code>/v1</code> می‌آید.</p>
<p>عملیاتی از <code>v1</code> که کنار می‌رود، نخست در سند OpenAPI «deprecated» می‌شود و هر پاسخش این سرآیندها را دارد، دست‌کم شش ماه پیش از پایان:</p>
<pre dir="ltr"><code>Deprecation: @1798761600            (RFC 9745: since when)
Sunset: Sat, 01 Jul 2028 00:00:00 GMT  (RFC 8594: it may stop after)
Link: &lt;/portal/versioning&gt;; rel="deprecation"</code></pre>
<p>امروز هیچ عملیاتی کنار گذاشته نشده است. تغییرات در <a href="/portal/changelog">تاریخچهٔ تغییرات</a> می‌آید.</p>""",
        ),
        "en": (
            "Versions and deprecation",
            """
<p>The major version is in the path (<code>/v1</code>). Within <code>v1</code> we only add: new operations, new optional fields, new event types, new values in open enumerations. A client must ignore fields it does not know. Anything breaking comes as <code>/v2</code> beside <code>/v1</code>.</p>
<p>A <code>v1</code> operation that is to go is first marked deprecated in the OpenAPI document, and every answer it gives carries these headers, at least six months before its sunset:</p>
<pre><code>Deprecation: @1798761600            (RFC 9745: since when)
Sunset: Sat, 01 Jul 2028 00:00:00 GMT  (RFC 8594: it may stop after)
Link: &lt;/portal/versioning&gt;; rel="deprecation"</code></pre>
<p>Nothing is deprecated today. Changes are listed in the <a href="/portal/changelog?lang=en">changelog</a>.</p>""",
        ),
    },
}
