import { ErrorKind, RankError, toRankError } from "./errors";
import { Future } from "./future";
import { Scheduler, sleep } from "./scheduler";

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Backoff before the second attempt, in seconds; it doubles each time. */
	baseDelay: number;
	/** The cap on one backoff, in seconds. */
	maxDelay: number;
	/** Give up once this many seconds have passed since the first attempt. */
	maxElapsed: number;
}

// The time cap counts from the first send and includes waiting for the rate budget, which under
// a full queue can be minutes; it bounds an outage, not a busy spell.
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelay: 1, maxDelay: 30, maxElapsed: 600 };

/** Failures that may succeed if tried again: throttling, server errors, no answer, a garbled answer. */
const RETRYABLE = new ReadonlySet<ErrorKind>([
	ErrorKind.RateLimited,
	ErrorKind.Transient,
	ErrorKind.Timeout,
	ErrorKind.ConnectionFailed,
	ErrorKind.InvalidResponse,
]);

export function isRetryable(failure: RankError): boolean {
	return RETRYABLE.has(failure.kind);
}

/** Failures after which a request may or may not have taken effect on the service. */
const OUTCOME_UNKNOWN = new ReadonlySet<ErrorKind>([ErrorKind.Transient, ErrorKind.Timeout, ErrorKind.ConnectionFailed, ErrorKind.InvalidResponse]);

export function outcomeUnknown(failure: RankError): boolean {
	return OUTCOME_UNKNOWN.has(failure.kind);
}

/**
 * Seconds to wait before attempt `attempt + 1` (attempt counts from 1): the service's
 * Retry-After when it gave one, otherwise "full jitter", uniform in [0, min(cap, base * 2^(n-1))],
 * which spreads the retries of many servers apart.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, failure: RankError, random: () => number): number {
	if (failure.retryAfter !== undefined) return failure.retryAfter;
	const ceiling = math.min(policy.maxDelay, policy.baseDelay * 2 ** (attempt - 1));
	return random() * ceiling;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that retrying cannot fix, or the
 * policy's attempts or time run out; rejects with the last RankError.
 */
export function withRetry<T>(
	scheduler: Scheduler,
	policy: RetryPolicy,
	random: () => number,
	attempt: (attemptNumber: number) => Future<T>,
): Future<T> {
	const started = scheduler.now();
	const run = (n: number): Future<T> =>
		attempt(n).catch((raised) => {
			const failure = toRankError(raised);
			if (!isRetryable(failure) || n >= policy.maxAttempts) throw failure;
			const wait = backoffDelay(policy, n, failure, random);
			if (scheduler.now() - started + wait > policy.maxElapsed) throw failure;
			return sleep(scheduler, wait).andThen(() => run(n + 1));
		});
	return run(1);
}
