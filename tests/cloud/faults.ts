// Faults a spec switches on in a stand-in, where the library's adapter meets the engine: the
// service down for a while, throttling, errors for the next N calls, extra latency, UpdateAsync
// transforms run again as on contention, and writes stored whose answer is lost.
import type { Scheduler } from "../../src/core/scheduler";

/** What the next call meets: an error by name, or (no name) the service's throttling error for that call. */
export interface Fault {
	name?: string;
}

export class Faults {
	/** Extra seconds each call takes, there and back. */
	latency = 0;
	private outageUntil = -math.huge;
	private outageName = "";
	private throttleUntil = -math.huge;
	private readonly queued = new Array<Fault>();
	private reruns = 0;
	/**
	 * Asked at each call, with the key it is for where the store gives one (DataStore GetAsync,
	 * SetAsync, RemoveAsync, and UpdateAsync's read): true fails it with the service's throttling
	 * error (failures at random, spread over every caller, or the calls for one key).
	 */
	failWhen?: (key?: string) => boolean;
	/**
	 * Asked after a write (SetAsync, UpdateAsync, RemoveAsync) was stored, with its key: true loses
	 * the answer, and the caller gets the service's internal error although the write stands. Roblox
	 * documents no such case; a request that times out on its way back does exactly this, so the
	 * library must take a failed write as one that may have landed.
	 */
	loseAnswerWhen?: (key: string) => boolean;
	/** Answers lost so far. */
	answersLost = 0;
	private lostNext = 0;

	constructor(
		private readonly scheduler: Scheduler,
		/** The error an outage raises when none is named. */
		private readonly outageDefault: string,
	) {}

	/** Every call fails for `seconds` with `name` (default: the service's internal error). */
	outage(seconds: number, name = this.outageDefault) {
		this.outageUntil = this.scheduler.now() + seconds;
		this.outageName = name;
	}

	/** Every call fails for `seconds` with the service's throttling error for it. */
	throttle(seconds: number) {
		this.throttleUntil = this.scheduler.now() + seconds;
	}

	/** The next `count` calls fail with `name` (default: the service's throttling error for each). */
	failNext(count: number, name?: string) {
		for (let i = 0; i < count; i++) this.queued.push({ name });
	}

	/** The next `count` UpdateAsync calls run their transform once more, as when another server wrote first. */
	rerunNext(count: number) {
		this.reruns += count;
	}

	/** The next `count` writes are stored and their answers lost. */
	loseNextAnswers(count: number) {
		this.lostNext += count;
	}

	/** Whether the answer to this stored write is lost; if so, the error the caller gets instead. */
	takeLostAnswer(key: string): string | undefined {
		let lost = false;
		if (this.lostNext > 0) {
			this.lostNext -= 1;
			lost = true;
		} else if (this.loseAnswerWhen?.(key)) {
			lost = true;
		}
		if (!lost) return undefined;
		this.answersLost += 1;
		return this.outageDefault;
	}

	/** Ends every fault. */
	clear() {
		this.latency = 0;
		this.outageUntil = -math.huge;
		this.throttleUntil = -math.huge;
		this.queued.clear();
		this.reruns = 0;
		this.failWhen = undefined;
		this.loseAnswerWhen = undefined;
		this.lostNext = 0;
	}

	/** The fault this call meets, if any (a queued error is used up). */
	take(key?: string): Fault | undefined {
		const now = this.scheduler.now();
		if (now < this.outageUntil) return { name: this.outageName };
		if (now < this.throttleUntil) return {};
		if (this.failWhen?.(key)) return {};
		return this.queued.shift();
	}

	/** Whether this UpdateAsync attempt is to be run again. */
	takeRerun(): boolean {
		if (this.reruns <= 0) return false;
		this.reruns -= 1;
		return true;
	}
}
