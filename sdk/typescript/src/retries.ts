// Retries of 429 and 503 under openapi-fetch (its `fetch` option), honouring Retry-After
// (RFC 9110 §10.2.3). Bounded: `attempts` tries in all, no wait longer than `longestWait`.
// A 429 was refused before anything was done, so any request goes again; a 503 only a
// method safe to repeat or a request with an Idempotency-Key (its repeat answers the same).

export interface RetryPolicy {
  attempts: number;
  longestWait: number; // seconds
  firstBackoff: number; // seconds, doubled per attempt when no Retry-After is given
}

export interface RetryStats {
  sent: number;
  retried: Record<number, number>;
  backoffs: number;
  waitedSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, longestWait: 60, firstBackoff: 0.5 };
const REPEATABLE = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

export function newStats(): RetryStats {
  return { sent: 0, retried: {}, backoffs: 0, waitedSeconds: 0 };
}

/** Seconds the server asks the client to wait (delta-seconds or an HTTP-date). */
export function retryAfter(response: Response): number | undefined {
  const value = response.headers.get("Retry-After")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const when = Date.parse(value);
  return Number.isNaN(when) ? undefined : Math.max((when - Date.now()) / 1000, 0);
}

function shouldRetry(request: Request, response: Response): boolean {
  if (response.status === 429) return true;
  if (response.status === 503) {
    return REPEATABLE.has(request.method) || request.headers.has("Idempotency-Key");
  }
  return false;
}

export function retryingFetch(
  policy: RetryPolicy,
  stats: RetryStats,
  inner: (request: Request) => Promise<Response> = (request) => fetch(request),
): (request: Request) => Promise<Response> {
  return async (request: Request) => {
    for (let attempt = 1; ; attempt++) {
      stats.sent += 1;
      const response = await inner(request.clone()); // a body can be read once
      if (attempt >= policy.attempts || !shouldRetry(request, response)) return response;
      stats.retried[response.status] = (stats.retried[response.status] ?? 0) + 1;
      const asked =
        retryAfter(response) ??
        policy.firstBackoff * 2 ** (attempt - 1) * (0.5 + Math.random());
      const seconds = Math.min(asked, policy.longestWait);
      stats.backoffs += 1;
      stats.waitedSeconds += seconds;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  };
}
