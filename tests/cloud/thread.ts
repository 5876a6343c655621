// Yielding the calling thread on a Scheduler, so the same stand-in runs on the engine's clock
// (task.delay) and on a spec's virtual clock (a timer the spec's advance() fires).
import type { Scheduler } from "../../src/core/scheduler";

/** Resumes `thread` unless it was closed meanwhile (a cancelled Promise closes its executor's thread). */
export function resume(thread: thread) {
	if (coroutine.status(thread) === "suspended") task.spawn(thread);
}

/**
 * Suspends the calling thread for `seconds` of `scheduler` time. Returns the wall seconds the
 * suspending and the waking took (the timer, the yield, the resumption): in a game the engine
 * does that around a network call, so a stand-in counts it as its own time.
 */
export function sleep(scheduler: Scheduler, seconds: number): number {
	const started = os.clock();
	const thread = coroutine.running();
	let woke: number | undefined;
	scheduler.delay(seconds, () => {
		woke = os.clock();
		resume(thread);
	});
	const suspending = os.clock() - started;
	coroutine.yield();
	return suspending + (woke !== undefined ? os.clock() - woke : 0);
}

/** What a transform returned (up to two values: a sorted map's takes a sort key too), or why it failed. */
export type TransformResult = { ok: true; value: unknown; extra: unknown } | { ok: false; reason: string };

/**
 * Runs an UpdateAsync transform as the engine does: it must not yield, and an error in it fails
 * the call.
 */
export function runTransform(transform: Callback, first: unknown, second?: unknown): TransformResult {
	const worker = coroutine.create(transform);
	const [ok, value, extra] = coroutine.resume(worker, first, second) as unknown as LuaTuple<[boolean, unknown, unknown]>;
	if (!ok) return { ok: false, reason: tostring(value) };
	if (coroutine.status(worker) !== "dead") {
		coroutine.close(worker);
		return { ok: false, reason: "the transform function yielded" };
	}
	return { ok: true, value, extra };
}
