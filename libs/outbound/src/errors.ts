/**
 * Errors of outbound HTTP calls. `retryable` tells a caller (a Bull job, a Temporal activity) whether trying
 * again can help: a refused destination never becomes allowed by retrying, a timeout may pass.
 */
export abstract class OutboundError extends Error {
  abstract readonly retryable: boolean;
}

export type OutboundProblemCode =
  | 'invalid_url'
  | 'scheme'
  | 'credentials'
  | 'port'
  | 'host_not_allowed'
  | 'private_address'
  | 'redirect_limit';

/** One reason a URL or a destination is refused. */
export interface OutboundProblem {
  code: OutboundProblemCode;
  message: string;
}

/** The destination is refused by the SSRF policy (before connecting, at DNS resolution or on a redirect). */
export class OutboundBlockedError extends OutboundError {
  readonly retryable = false;
  readonly reason: string;

  constructor(
    readonly url: string,
    readonly problems: readonly OutboundProblem[],
  ) {
    const reason = problems.map((problem) => problem.message).join('; ');
    super(`outbound request to ${url} refused: ${reason}`);
    this.name = 'OutboundBlockedError';
    this.reason = reason;
  }
}

/** No complete response within the time limit (connect, DNS, headers and body together). */
export class OutboundTimeoutError extends OutboundError {
  readonly retryable = true;

  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`outbound request to ${url} timed out after ${timeoutMs} ms`);
    this.name = 'OutboundTimeoutError';
  }
}

/** The response body is larger than the cap; reading more would let a remote server exhaust memory. */
export class OutboundResponseTooLargeError extends OutboundError {
  readonly retryable = false;

  constructor(
    readonly url: string,
    readonly maxBytes: number,
  ) {
    super(`response from ${url} exceeds ${maxBytes} bytes`);
    this.name = 'OutboundResponseTooLargeError';
  }
}

/** The connection failed (refused, reset, TLS error): the network may recover, so it is retryable. */
export class OutboundNetworkError extends OutboundError {
  readonly retryable = true;

  constructor(
    readonly url: string,
    cause: Error,
  ) {
    super(`outbound request to ${url} failed: ${cause.message}`, { cause });
    this.name = 'OutboundNetworkError';
  }
}
