// Yielding the calling thread on a Scheduler, so the same stand-in runs on the engine's clock
// (task.delay) and on a spec's virtual clock (a timer the spec's advance() fires).
import type { Scheduler } from "../../src/core/scheduler";
import type { ServiceClock } from "./serviceClock";

/** Resumes `thread` unless it was closed meanwhile (a cancelled Promise closes its executor's thread). */
export function resume(thread: thread) {
	if (coroutine.status(thread) === "suspended") task.spawn(thread);
}

/**
 * When the engine began firing the timer whose callback runs now: a virtual clock says
 * (specs/helpers/virtualScheduler.ts `firingSince`); on the engine's, now.
 */
export function timerFiredAt(scheduler: Scheduler): number {
	return (scheduler as { firingSince?: number }).firingSince ?? os.clock();
}

/**
 * Suspends the calling thread for `seconds` of `scheduler` time. The suspending and the waking
 * (setting the timer, the yield; firing the timer, the resumption) stay in the running call's
 * time on `clock`: in a game the engine does that around a network call. The time between, when
 * other threads run, is left out.
 */
export function sleep(scheduler: Scheduler, seconds: number, clock: ServiceClock) {
	const thread = coroutine.running();
	let woke: number | undefined;
	scheduler.delay(seconds, () => {
		woke = timerFiredAt(scheduler);
		resume(thread);
	});
	clock.suspend();
	coroutine.yield();
	clock.resumed(woke ?? os.clock());
}

/** What a transform returned (up to two values: a sorted map's takes a sort key too), or why it failed. */
export type TransformResult = { ok: true; value: unknown; extra: unknown } | { ok: false; reason: string };

/**
 * Runs an UpdateAsync transform as the engine does: it must not yield, and an error in it fails
 * the call. The transform is the game's code: its time is left out of the call's on `clock`.
 */
export function runTransform(clock: ServiceClock, transform: Callback, first: unknown, second?: unknown): TransformResult {
	const worker = coroutine.create(transform);
	const started = os.clock();
	const [ok, value, extra] = coroutine.resume(worker, first, second) as unknown as LuaTuple<[boolean, unknown, unknown]>;
	clock.exclude(os.clock() - started);
	if (!ok) return { ok: false, reason: tostring(value) };
	if (coroutine.status(worker) !== "dead") {
		coroutine.close(worker);
		return { ok: false, reason: "the transform function yielded" };
	}
	return { ok: true, value, extra };
}
