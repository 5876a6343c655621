// Engine calls that yield (RequestAsync, UpdateAsync, GetGroupsAsync...) run on a thread of their
// own, so the caller goes on and gets a Future. Threads are reused: a call that returns leaves its
// thread for the next one, so a server makes a new thread only for calls that overlap.
import { Future } from "../core/future";

type Job = () => void;

/** A thread waiting for a job, if any. */
let freeThread: thread | undefined;

function runJob(job: Job) {
	const mine = freeThread;
	freeThread = undefined;
	job();
	// The job is done (it may have yielded meanwhile): this thread is free again.
	freeThread = mine;
}

function worker() {
	for (;;) runJob(coroutine.yield()[0] as Job);
}

/**
 * Runs `body` (which may yield) on a thread of its own; the Future resolves with what it returns,
 * or rejects with `failure(raised)` for what it raises.
 */
export function engineCall<T>(body: () => T, failure: (raised: unknown) => unknown): Future<T> {
	const future = new Future<T>();
	if (!freeThread) {
		freeThread = coroutine.create(worker);
		coroutine.resume(freeThread);
	}
	// A call that answers without yielding settles the future here, on the caller's thread, so the
	// work it starts runs in the order the calls were made (not nested inside the worker thread).
	let caller = true;
	let answered = false;
	let ok = false;
	let result: unknown;
	task.spawn(freeThread, () => {
		[ok, result] = pcall(body);
		if (caller) answered = true;
		else if (ok) future.resolve(result as T);
		else future.reject(failure(result));
	});
	caller = false;
	if (answered) {
		if (ok) future.resolve(result as T);
		else future.reject(failure(result));
	}
	return future;
}
