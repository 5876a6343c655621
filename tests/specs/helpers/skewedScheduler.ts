// One simulated server's view of a shared virtual clock: the same timers, but its Unix clock is
// `offset` seconds off true time (game servers' clocks disagree) and its monotonic clock starts
// at its own point (os.clock means nothing on another server). Set `offset` to jump the clock.
import type { Scheduler } from "../../../src/core/scheduler";
import type { VirtualScheduler } from "./virtualScheduler";

export class SkewedScheduler implements Scheduler {
	constructor(
		private readonly base: VirtualScheduler,
		public offset: number,
		private readonly monotonicStart = 0,
	) {}

	now() {
		return this.base.now() + this.monotonicStart;
	}

	unixTime() {
		return this.base.unixTime() + this.offset;
	}

	delay(seconds: number, callback: () => void) {
		return this.base.delay(seconds, callback);
	}
}
