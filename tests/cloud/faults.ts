// Faults a spec switches on in a stand-in, where the library's adapter meets the engine: the
// service down for a while, throttling, errors for the next N calls, extra latency, and
// UpdateAsync transforms run again as on contention.
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

	/** Ends every fault. */
	clear() {
		this.latency = 0;
		this.outageUntil = -math.huge;
		this.throttleUntil = -math.huge;
		this.queued.clear();
		this.reruns = 0;
		this.failWhen = undefined;
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
