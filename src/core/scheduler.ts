import { Future } from "./future";

/**
 * Time, behind an interface so that limits, backoff and quota resets can be tested with a
 * virtual clock (a ten-minute scenario in milliseconds) and run for real in a game.
 */
export interface Scheduler {
	/** Monotonic seconds, for measuring intervals. */
	now(): number;
	/** Unix time in seconds, for service timestamps (quota resets, Retry-After dates). */
	unixTime(): number;
	/** Calls `callback` after `seconds`; the returned function cancels it. */
	delay(seconds: number, callback: () => void): () => void;
}

/** The engine's clock: os.clock, DateTime and task.delay. */
export class RobloxScheduler implements Scheduler {
	now() {
		return os.clock();
	}

	unixTime() {
		return DateTime.now().UnixTimestampMillis / 1000;
	}

	delay(seconds: number, callback: () => void) {
		const thread = task.delay(math.max(seconds, 0), callback);
		return () => {
			if (coroutine.status(thread) === "suspended") task.cancel(thread);
		};
	}
}

/** A Future that resolves after `seconds` on `scheduler`. */
export function sleep(scheduler: Scheduler, seconds: number): Future<void> {
	const done = new Future<void>();
	scheduler.delay(seconds, () => done.resolve());
	return done;
}
