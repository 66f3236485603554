// Typed errors: an answer of 400 or more (after retries) is thrown as a PanjerehError that
// carries its problem+json (RFC 9457), whatever the body turned out to be.
import { retryAfter } from "./retries.js";

export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

export class PanjerehError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;
  readonly body: Record<string, unknown>;

  constructor(response: Response, body: unknown) {
    const problem = (typeof body === "object" && body !== null ? body : {}) as Record<
      string,
      unknown
    >;
    const title = String(problem.title ?? problem.error ?? response.statusText);
    const detail = String(problem.detail ?? problem.error_description ?? "");
    super(`${response.status} ${title}: ${detail}`);
    this.name = "PanjerehError";
    this.status = response.status;
    this.type = String(problem.type ?? "about:blank");
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [];
    this.requestId =
      (problem.request_id as string | undefined) ??
      response.headers.get("X-Request-ID") ??
      undefined;
    this.retryAfter = retryAfter(response);
    this.body = problem;
  }
}
