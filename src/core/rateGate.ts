import { Scheduler } from "./scheduler";

/**
 * A documented limit: at most `limit` requests in any `windowSeconds`.
 *
 * The services count requests when they *arrive*; we count them when we *send*. A request sent
 * just before its predecessor's slot frees could arrive while that slot is still counted, so
 * each slot is held `marginSeconds` past the window.
 */
export interface WindowLimit {
	limit: number;
	windowSeconds: number;
	marginSeconds?: number;
}

/** Exact sliding-window accounting: a ring of the send times of the last `limit` requests. */
class SlidingWindow {
	private readonly sent = new Array<number>();
	private head = 0;

	constructor(private readonly rule: WindowLimit) {}

	/** Seconds until one more request fits (0 if it fits now). */
	wait(now: number): number {
		if (this.sent.size() < this.rule.limit) return 0;
		const oldest = this.sent[this.head];
		return math.max(0, oldest + this.rule.windowSeconds + (this.rule.marginSeconds ?? 0) - now);
	}

	record(now: number) {
		if (this.sent.size() < this.rule.limit) {
			this.sent.push(now);
		} else {
			this.sent[this.head] = now;
			this.head = (this.head + 1) % this.rule.limit;
		}
	}

	/** How many more requests fit right now. */
	/** Counts sends made before this window existed (monotonic times, oldest first). */
	seed(times: ReadonlyArray<number>) {
		for (const at of times) this.record(at);
	}

	room(now: number): number {
		const horizon = now - this.rule.windowSeconds - (this.rule.marginSeconds ?? 0);
		let used = 0;
		for (const at of this.sent) if (at > horizon) used += 1;
		return this.rule.limit - used;
	}
}

/** Something requests pass before they are sent. */
export interface Gate {
	/** Resolves when one request may be sent, and counts it. */
	acquire(): Promise<void>;
	/** Holds every request for `seconds` (a service said to wait). */
	pause(seconds: number): void;
	/** Requests that could go right now. */
	room(): number;
}

/**
 * The part every gate shares: requests wait in order (a cancelled wait leaves the line), and a
 * pause holds them all. Subclasses decide in `pump` when the first in line may go.
 */
export abstract class WaitingGate implements Gate {
	protected readonly waiting = new Array<() => void>();
	protected pausedUntil = 0;

	constructor(protected readonly scheduler: Scheduler) {}

	/** Resolves when one request may be sent, and counts it as sent. */
	acquire(): Promise<void> {
		return new Promise<void>((resolve, _, onCancel) => {
			this.waiting.push(resolve);
			onCancel(() => {
				const index = this.waiting.indexOf(resolve);
				if (index !== -1) this.waiting.remove(index);
			});
			this.pump();
		});
	}

	/** Holds every request until `seconds` from now (never shortens an existing pause). */
	pause(seconds: number) {
		this.pausedUntil = math.max(this.pausedUntil, this.scheduler.now() + seconds);
		this.pump();
	}

	abstract room(): number;

	protected abstract pump(): void;
}

/**
 * Lets requests through no faster than every window allows, first come first served, and
 * stops everything until a given time when a service says so (Retry-After, rate-limit resets).
 */
export class RateGate extends WaitingGate {
	private readonly windows: Array<SlidingWindow>;
	private cancelTimer?: () => void;

	constructor(scheduler: Scheduler, limits: ReadonlyArray<WindowLimit>) {
		super(scheduler);
		this.windows = limits.map((rule) => new SlidingWindow(rule));
	}

	/** Seconds until the next request could go, 0 if now. */
	delay(): number {
		const now = this.scheduler.now();
		let wait = math.max(0, this.pausedUntil - now);
		for (const window of this.windows) wait = math.max(wait, window.wait(now));
		return wait;
	}

	/** Requests that could go right now, over the tightest window. */
	room(): number {
		const now = this.scheduler.now();
		if (this.pausedUntil > now) return 0;
		let room = math.huge;
		for (const window of this.windows) room = math.min(room, window.room(now));
		return room;
	}

	/** Counts earlier sends (monotonic times, oldest first) against every window. */
	seed(times: ReadonlyArray<number>) {
		for (const window of this.windows) window.seed(times);
	}

	/** Requests waiting for a slot. */
	queued(): number {
		return this.waiting.size();
	}

	protected pump() {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		while (this.waiting.size() > 0) {
			const wait = this.delay();
			if (wait > 0) {
				this.cancelTimer = this.scheduler.delay(wait, () => {
					this.cancelTimer = undefined;
					this.pump();
				});
				return;
			}
			const now = this.scheduler.now();
			for (const window of this.windows) window.record(now);
			this.waiting.shift()!();
		}
	}
}
