import { Deque } from "./deque";
import { Future } from "./future";
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

/** A pace's span, as a share of its limit's window, and the share of the limit it lets through in one span. */
const PACE_SPAN = 0.1;
const PACE_SHARE = 0.12;

/**
 * The pace that spreads a limit's requests through its window: at most 12% of the limit in any
 * tenth of the window (12 requests in any 6 s for 100 a minute). Over a whole window that is 1.2
 * times the limit, so the limit still decides how many go a minute; the pace only stops a freed
 * window from being taken in one burst, which the sliding window would then repeat every minute
 * (each slot frees a window after it was used, so a spread window stays spread). The cost: a
 * burst of work on an idle game takes most of a window to go out (100 requests: 48 s) instead of
 * a second.
 */
export function paceOf(rule: WindowLimit): WindowLimit {
	return { limit: math.max(1, math.ceil(rule.limit * PACE_SHARE)), windowSeconds: rule.windowSeconds * PACE_SPAN };
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

	/** Counts sends made before this window existed (monotonic times, oldest first). */
	seed(times: ReadonlyArray<number>) {
		for (const at of times) this.record(at);
	}

	/** How many more requests fit right now. */
	room(now: number): number {
		const horizon = now - this.rule.windowSeconds - (this.rule.marginSeconds ?? 0);
		let used = 0;
		for (const at of this.sent) if (at > horizon) used += 1;
		return this.rule.limit - used;
	}
}

/** Lets a request go (see `Gate.acquire`). */
export type Go = (answered: () => void) => boolean | void;

/** Something requests pass before they are sent. */
export interface Gate {
	/**
	 * Calls `go` once one request may be sent, and counts it. `go` returns false when its request
	 * is not sent after all (the server began to shut down while it waited): that slot is not
	 * counted, and goes to the next in line. Whoever sends calls `answered` when the service's
	 * answer comes back (any status): the service has counted the request by then, which a gate
	 * may use to count it less long. The function returned withdraws the request from the line
	 * (`go` is then never called). `wanted`, if given, says without side effects whether `go`
	 * would still send: a gate of a server shutting down drops those that would not (`close`).
	 */
	acquire(go: Go, wanted?: () => boolean): () => void;
	/** Holds every request for `seconds` (a service said to wait). */
	pause(seconds: number): void;
	/** Requests that could go right now. */
	room(): number;
	/**
	 * This server is shutting down: what it holds for requests it will not send goes back to the
	 * other servers (a gate shared through a store). Resolves once that is written, or could not be.
	 */
	close?(): Future<unknown>;
}

function unheard() {}

interface Waiter {
	go: Go;
	wanted?: () => boolean;
	/** Let through or withdrawn. */
	done: boolean;
}

/**
 * The part every gate shares: requests wait in order (a withdrawn one leaves the line), and a
 * pause holds them all. Subclasses decide in `advance` when the first in line may go.
 */
export abstract class WaitingGate implements Gate {
	private readonly line = new Deque<Waiter>();
	/** Requests in line, withdrawn ones not counted. */
	protected waiting = 0;
	protected pausedUntil = 0;
	private pumping = false;
	private pumpAgain = false;
	/** The timer that pumps again, and when it fires (monotonic). */
	private wake?: () => void;
	private wakeTime = 0;

	constructor(protected readonly scheduler: Scheduler) {}

	acquire(go: Go, wanted?: () => boolean): () => void {
		const waiter: Waiter = { go, wanted, done: false };
		this.line.push(waiter);
		this.waiting += 1;
		this.pump();
		return () => {
			if (waiter.done) return;
			waiter.done = true;
			this.waiting -= 1;
		};
	}

	/** Holds every request until `seconds` from now (never shortens an existing pause). */
	pause(seconds: number) {
		this.pausedUntil = math.max(this.pausedUntil, this.scheduler.now() + seconds);
		this.pump();
	}

	abstract room(): number;

	/** Lets requests go while `advance` says so; a request let go that asks again is seen after. */
	protected pump() {
		if (this.pumping) {
			this.pumpAgain = true;
			return;
		}
		this.pumping = true;
		do {
			this.pumpAgain = false;
			this.advance();
		} while (this.pumpAgain);
		this.pumping = false;
	}

	/** Lets go, uncounted, the requests in line that would no longer be sent (each declines). */
	protected dropUnwanted() {
		const unwanted = new Array<Waiter>();
		this.line.forEach((waiter) => {
			if (!waiter.done && waiter.wanted?.() === false) unwanted.push(waiter);
		});
		for (const waiter of unwanted) {
			waiter.done = true;
			this.waiting -= 1;
			waiter.go(unheard);
		}
	}

	/**
	 * Lets the first request in line go; one that declines (not sent after all) passes the slot on.
	 * False when nobody took it: the caller does not count it. `answered` hears when the answer to
	 * the request sent comes back.
	 */
	protected release(answered: () => void = unheard): boolean {
		for (;;) {
			const waiter = this.line.shift();
			if (!waiter) return false;
			if (waiter.done) continue;
			waiter.done = true;
			this.waiting -= 1;
			if (waiter.go(answered) !== false) return true;
		}
	}

	/** Lets through what may go now and arranges to look again when more may. */
	protected abstract advance(): void;

	/** Pumps again at `at` (monotonic), instead of any time set before; a timer already set for then is kept. */
	protected wakeAt(at: number) {
		// Most calls ask again for the time already set (each advance that finds nothing to do).
		if (this.wake && this.wakeTime === at) return;
		this.wake?.();
		this.wakeTime = at;
		this.wake = this.scheduler.delay(at - this.scheduler.now(), () => {
			this.wake = undefined;
			this.pump();
		});
	}

	/** Cancels the timer `wakeAt` set, if any. */
	protected stopWaking() {
		this.wake?.();
		this.wake = undefined;
	}
}

/**
 * Lets requests through no faster than every window allows, first come first served, and
 * stops everything until a given time when a service says so (Retry-After, rate-limit resets).
 */
export class RateGate extends WaitingGate {
	private readonly windows: Array<SlidingWindow>;
	/** Windows that only spread requests out (`paceOf`): they delay requests but leave `room` alone. */
	private readonly paces: Array<SlidingWindow>;

	constructor(scheduler: Scheduler, limits: ReadonlyArray<WindowLimit>, paces: ReadonlyArray<WindowLimit> = []) {
		super(scheduler);
		this.windows = limits.map((rule) => new SlidingWindow(rule));
		this.paces = paces.map((rule) => new SlidingWindow(rule));
	}

	/** Seconds until the next request could go, 0 if now. */
	delay(): number {
		const now = this.scheduler.now();
		let wait = math.max(0, this.pausedUntil - now);
		for (const window of this.windows) wait = math.max(wait, window.wait(now));
		for (const pace of this.paces) wait = math.max(wait, pace.wait(now));
		return wait;
	}

	/** Requests the tightest window has room for now (the pace may still space them out). */
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
		for (const pace of this.paces) pace.seed(times);
	}

	/** Requests waiting for a slot. */
	queued(): number {
		return this.waiting;
	}

	protected advance() {
		while (this.waiting > 0) {
			const wait = this.delay();
			if (wait > 0) return this.wakeAt(this.scheduler.now() + wait);
			const now = this.scheduler.now();
			if (this.release()) {
				for (const window of this.windows) window.record(now);
				for (const pace of this.paces) pace.record(now);
			}
		}
		this.stopWaking();
	}
}
