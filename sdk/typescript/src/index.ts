// Panjereh's TypeScript SDK: openapi-fetch over the types openapi-typescript generated from
// the gateway's document (src/schema.d.ts, `make sdk`), with what every integrator would
// otherwise write by hand: the token, the Idempotency-Key, 429/503 retries after
// Retry-After, ETag and long polling, and typed errors (PanjerehError).
import createClient, { type Client, type Middleware } from "openapi-fetch";

import { PanjerehError } from "./errors.js";
import { DEFAULT_RETRY, newStats, retryingFetch, type RetryPolicy, type RetryStats } from "./retries.js";
import type { components, paths } from "./schema.js";

export { PanjerehError, type FieldError } from "./errors.js";
export { retryAfter, type RetryPolicy, type RetryStats } from "./retries.js";
export type { components, paths } from "./schema.js";

type Schemas = components["schemas"];
export type Status = Schemas["Status"];
export type Submitted = Schemas["Submitted"];
export type ApplicationOut = Schemas["ApplicationOut"];
export type Problem = Schemas["Problem"];

/** What a poll waits for: a decision, or a referral to an officer. */
export const SETTLED = new Set(["approved", "rejected", "cancelled", "failed", "needs_review"]);
// Renewed this long before it expires (or at 90% of a short lifetime).
const EARLY_RENEWAL = 30;

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits as ASCII: headers carry ASCII only. */
export function asciiDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

export interface PanjerehOptions {
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  retry?: Partial<RetryPolicy>;
  language?: string;
  fetch?: (request: Request) => Promise<Response>;
}

export interface StatusPoll {
  status: Status | undefined; // undefined: 304, nothing changed since `etag`
  etag: string | undefined;
  pollInterval: number;
  notModified: boolean;
}

export class Panjereh {
  /** The openapi-fetch client, for every operation this class does not wrap. */
  readonly api: Client<paths>;
  readonly stats: RetryStats = newStats();
  tokensFetched = 0;
  private readonly publicApi: Client<paths>;
  private token: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly options: PanjerehOptions = {},
  ) {
    const send = retryingFetch({ ...DEFAULT_RETRY, ...options.retry }, this.stats, options.fetch);
    const headers = options.language ? { "Accept-Language": options.language } : undefined;
    this.publicApi = createClient<paths>({ baseUrl, fetch: send, headers });
    this.api = createClient<paths>({ baseUrl, fetch: send, headers });
    this.api.use(this.bearerMiddleware());
  }

  /** A bearer token, fetched by client credentials and kept until shortly before expiry. */
  async bearer(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending; // one fetch for many concurrent requests
  }

  async submit(
    serviceId: string,
    nationalCode: string,
    mobile?: string,
    options: { idempotencyKey?: string; form?: Record<string, unknown> } = {},
  ): Promise<Submitted> {
    const applicant = { national_code: asciiDigits(nationalCode), mobile: mobile && asciiDigits(mobile) };
    const answer = await this.api.POST("/v1/applications", {
      params: { header: { "Idempotency-Key": options.idempotencyKey ?? crypto.randomUUID() } },
      body: { service_id: serviceId, applicant, form: options.form },
    });
    return ok(answer);
  }

  async application(applicationId: string): Promise<ApplicationOut> {
    const answer = await this.api.GET("/v1/applications/{application_id}", {
      params: { path: { application_id: applicationId } },
    });
    return ok(answer);
  }

  /** An officer's decision on an application referred to review (needs_review). */
  async review(
    applicationId: string,
    outcome: "approved" | "rejected",
    reason: string,
  ): Promise<ApplicationOut> {
    const answer = await this.api.POST("/v1/applications/{application_id}/review", {
      params: { path: { application_id: applicationId } },
      body: { outcome, reason },
    });
    return ok(answer);
  }

  /** The public status; with `etag` a 304 leaves `status` undefined; `wait` long-polls. */
  async status(
    trackingCode: string,
    nationalCode: string,
    options: { etag?: string; wait?: number } = {},
  ): Promise<StatusPoll> {
    const header: Record<string, string> = { "X-National-Code": asciiDigits(nationalCode) };
    if (options.etag) header["If-None-Match"] = options.etag;
    const answer = await this.publicApi.GET("/v1/status/{tracking_code}", {
      params: {
        path: { tracking_code: asciiDigits(trackingCode) },
        query: { wait: options.wait ?? 0 },
        header,
      },
    });
    const etag = answer.response.headers.get("ETag") ?? options.etag;
    const pollInterval = Number(answer.response.headers.get("X-Poll-Interval") ?? 1);
    if (answer.response.status === 304) {
      return { status: undefined, etag, pollInterval, notModified: true };
    }
    return { status: ok(answer), etag, pollInterval, notModified: false };
  }

  /** The status right after a submission: a window just started can take longer than its
   *  projection wait to show it, so a 404 within `grace` seconds is polled again each second. */
  async firstStatus(trackingCode: string, nationalCode: string, grace = 30): Promise<StatusPoll> {
    const giveUp = Date.now() + grace * 1000;
    for (;;) {
      try {
        return await this.status(trackingCode, nationalCode);
      } catch (error) {
        if (!(error instanceof PanjerehError) || error.status !== 404 || Date.now() >= giveUp) {
          throw error;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /** Long-poll the status with its ETag until it is settled (SETTLED). */
  async waitForDecision(
    trackingCode: string,
    nationalCode: string,
    options: { within?: number; wait?: number } = {},
  ): Promise<Status> {
    const deadline = Date.now() + (options.within ?? 120) * 1000;
    let poll = await this.firstStatus(trackingCode, nationalCode);
    let latest = poll.status;
    while (!latest || !SETTLED.has(latest.state)) {
      if (Date.now() > deadline) throw new Error(`${trackingCode} is not settled in time`);
      poll = await this.status(trackingCode, nationalCode, { etag: poll.etag, wait: options.wait ?? 10 });
      latest = poll.status ?? latest;
    }
    return latest;
  }

  private bearerMiddleware(): Middleware {
    return {
      onRequest: async ({ request }) => {
        request.headers.set("Authorization", `Bearer ${await this.bearer()}`);
        return request;
      },
      onResponse: ({ response }) => {
        if (response.status === 401) this.token = undefined; // the next call fetches anew
        return undefined;
      },
    };
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret, scope } = this.options;
    if (!clientId || !clientSecret) throw new Error("clientId and clientSecret are needed");
    const answer = await this.publicApi.POST("/v1/oauth/token", {
      body: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope },
      bodySerializer: (body) =>
        new URLSearchParams(Object.entries(body).filter((e): e is [string, string] => e[1] !== undefined)),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const token = ok(answer);
    const lifetime = token.expires_in;
    this.token = {
      value: token.access_token,
      renewAt: Date.now() + (lifetime - Math.min(EARLY_RENEWAL, lifetime * 0.1)) * 1000,
    };
    this.tokensFetched += 1;
    return token.access_token;
  }
}

function ok<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.response.ok && answer.data !== undefined) return answer.data;
  throw new PanjerehError(answer.response, answer.error);
}
