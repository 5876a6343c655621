// Engine calls that yield (RequestAsync, UpdateAsync, GetGroupsAsync...) run on a thread of their
// own, so the caller goes on and gets a Future. Threads are reused (core/threads.ts): a call that
// returns leaves its thread for the next one, so a server makes a new thread only for calls that overlap.
import { Future } from "../core/future";
import { spawnReused } from "../core/threads";

/** The future of the call being started, while its body runs on the caller's turn (before it first yields). */
let starting: Future<unknown> | undefined;
/** What that body gave, if it returned without yielding. */
let startedOk = false;
let startedResult: unknown;

function settle(future: Future<unknown>, ok: boolean, result: unknown, failure: (raised: unknown) => unknown) {
	if (ok) future.resolve(result);
	else future.reject(failure(result));
}

function runCall(body: () => unknown, failure: (raised: unknown) => unknown, future: Future<unknown>) {
	const [ok, result] = pcall(body);
	if (starting === future) {
		// It answered without yielding: the caller settles it, on its own thread.
		starting = undefined;
		startedOk = ok;
		startedResult = result;
	} else {
		settle(future, ok, result, failure);
	}
}

/**
 * Runs `body` (which may yield) on a thread of its own; the Future resolves with what it returns,
 * or rejects with `failure(raised)` for what it raises.
 */
export function engineCall<T>(body: () => T, failure: (raised: unknown) => unknown): Future<T> {
	const future = new Future<T>();
	// A call that answers without yielding settles the future here, on the caller's thread, so the
	// work it starts runs in the order the calls were made (not nested inside the worker thread).
	const outer = starting;
	starting = future;
	spawnReused(runCall, body, failure, future as Future<unknown>);
	if (starting === undefined) {
		const result = startedResult;
		startedResult = undefined;
		starting = outer;
		settle(future as Future<unknown>, startedOk, result, failure);
	} else {
		starting = outer;
	}
	return future;
}
