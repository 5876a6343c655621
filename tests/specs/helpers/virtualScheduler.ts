// Virtual time for specs and the benchmark: timers fire only when the spec advances the clock,
// in time order, so a ten-minute scenario runs in milliseconds and always the same way.
import type { Scheduler } from "../../../src/core/scheduler";

interface Timer {
	at: number;
	order: number;
	callback: () => void;
	cancelled: boolean;
}

export class VirtualScheduler implements Scheduler {
	private current = 0;
	private order = 0;
	private timers = new Array<Timer>();

	/** `unixStart` is the Unix time at virtual time 0. */
	constructor(private readonly unixStart = 1_767_225_600) {}

	now() {
		return this.current;
	}

	unixTime() {
		return this.unixStart + this.current;
	}

	delay(seconds: number, callback: () => void) {
		const timer: Timer = { at: this.current + math.max(seconds, 0), order: this.order++, callback, cancelled: false };
		this.timers.push(timer);
		return () => {
			timer.cancelled = true;
		};
	}

	/** Timers not yet fired or cancelled. */
	pending(): number {
		return this.timers.filter((timer) => !timer.cancelled).size();
	}

	/** Runs every timer due within `seconds`, in order, then sets the clock to the end. */
	advance(seconds: number) {
		const stopAt = this.current + seconds;
		for (;;) {
			const due = this.nextDue(stopAt);
			if (!due) break;
			this.current = math.max(this.current, due.at);
			due.callback();
		}
		this.current = stopAt;
	}

	/** Advances in steps stopAt `done()` holds or `limit` seconds pass; returns whether it held. */
	runUntil(done: () => boolean, limit: number, step = 0.05): boolean {
		const stopAt = this.current + limit;
		while (!done()) {
			if (this.current >= stopAt) return false;
			this.advance(math.min(step, stopAt - this.current));
		}
		return true;
	}

	private nextDue(stopAt: number): Timer | undefined {
		let best: Timer | undefined;
		let bestIndex = -1;
		this.timers.forEach((timer, index) => {
			if (timer.cancelled || timer.at > stopAt) return;
			if (!best || timer.at < best.at || (timer.at === best.at && timer.order < best.order)) {
				best = timer;
				bestIndex = index;
			}
		});
		if (best) this.timers.remove(bestIndex);
		this.timers = this.timers.filter((timer) => !timer.cancelled);
		return best;
	}
}
