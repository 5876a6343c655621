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
	task.spawn(freeThread, () => {
		const [ok, result] = pcall(body);
		if (ok) future.resolve(result);
		else future.reject(failure(result));
	});
	return future;
}
