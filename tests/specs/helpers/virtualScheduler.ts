// Virtual time for specs and the benchmark: timers fire only when the spec advances the clock,
// in time order (ties in the order they were set), so a ten-minute scenario runs in
// milliseconds and always the same way.
import type { Scheduler } from "../../../src/core/scheduler";

/** Timer callbacks run between two breaths. */
const BREATHE_EVERY = 2000;

interface Timer {
	at: number;
	order: number;
	callback: () => void;
	cancelled: boolean;
}

function earlier(a: Timer, b: Timer): boolean {
	return a.at < b.at || (a.at === b.at && a.order < b.order);
}

export class VirtualScheduler implements Scheduler {
	private current = 0;
	private order = 0;
	/** A binary min-heap on (at, order). */
	private readonly heap = new Array<Timer>();
	private live = 0;
	private sinceBreath = 0;
	/**
	 * When the engine began firing the timer whose callback runs now (os.clock()): a stand-in's
	 * simulated trip counts its own timer's firing as its time (in a game the engine wakes a
	 * thread whose network call answered).
	 */
	firingSince = 0;

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
		this.push(timer);
		this.live += 1;
		return () => {
			if (timer.cancelled) return;
			timer.cancelled = true;
			this.live -= 1;
		};
	}

	/** When the earliest timer is due (it may have been cancelled), if any is set. */
	nextAt(): number | undefined {
		return this.heap[0]?.at;
	}

	/** Timers not yet fired or cancelled. */
	pending(): number {
		return this.live;
	}

	/** Runs every timer due within `seconds`, in order, then sets the clock to the end. */
	advance(seconds: number) {
		const stopAt = this.current + seconds;
		for (;;) {
			const due = this.heap[0];
			if (due === undefined || due.at > stopAt) break;
			this.firingSince = os.clock();
			this.pop();
			if (due.cancelled) continue;
			due.cancelled = true;
			this.live -= 1;
			this.current = math.max(this.current, due.at);
			due.callback();
			if (++this.sinceBreath >= BREATHE_EVERY) this.breathe();
		}
		this.current = stopAt;
	}

	/**
	 * Lets the engine's scheduler run what was deferred meanwhile (every finished Promise defers
	 * closing its thread), so a long virtual run does not pile up millions of deferred threads.
	 * Resumes right after them, with no real time passing.
	 */
	private breathe() {
		this.sinceBreath = 0;
		if (coroutine.isyieldable()) task.wait(0);
	}

	/** Advances in steps until `done()` holds or `limit` seconds pass; returns whether it held. */
	runUntil(done: () => boolean, limit: number, step = 0.05): boolean {
		const stopAt = this.current + limit;
		while (!done()) {
			if (this.current >= stopAt) return false;
			this.advance(math.min(step, stopAt - this.current));
		}
		return true;
	}

	private push(timer: Timer) {
		const heap = this.heap;
		heap.push(timer);
		let index = heap.size() - 1;
		while (index > 0) {
			const parent = math.floor((index - 1) / 2);
			if (!earlier(heap[index], heap[parent])) break;
			[heap[index], heap[parent]] = [heap[parent], heap[index]];
			index = parent;
		}
	}

	private pop() {
		const heap = this.heap;
		const last = heap.pop()!;
		if (heap.size() === 0) return;
		heap[0] = last;
		let index = 0;
		for (;;) {
			const left = index * 2 + 1;
			const right = left + 1;
			let smallest = index;
			if (left < heap.size() && earlier(heap[left], heap[smallest])) smallest = left;
			if (right < heap.size() && earlier(heap[right], heap[smallest])) smallest = right;
			if (smallest === index) break;
			[heap[index], heap[smallest]] = [heap[smallest], heap[index]];
			index = smallest;
		}
	}
}

/** Runs `scheduler` until `promise` settles (at most `limit` virtual seconds); its outcome, if it did. */
export function settle<T>(promise: Promise<T>, scheduler: VirtualScheduler, limit = 600) {
	let outcome: { ok: boolean; value: unknown } | undefined;
	promise.then(
		(value) => (outcome = { ok: true, value }),
		(reason) => (outcome = { ok: false, value: reason }),
	);
	scheduler.runUntil(() => outcome !== undefined, limit);
	return outcome;
}
