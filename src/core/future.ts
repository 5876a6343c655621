// A value that arrives later, for RankBridge's own use. evaera's Promise (the one roblox-ts
// uses, and the one the public API returns) starts a coroutine for every Promise, keeps a
// traceback and closes the coroutine a frame later: a queued action used to make dozens. A
// Future is one table and the callbacks waiting on it. Settling it hands them to one run queue
// shared by every Future, drained in order by whoever settled first, so a chain of futures that
// settle one another never nests calls deeply. Only the public API turns a Future into a Promise.
//
// Callbacks run after the future settles, on the thread that settled it (or that added them to a
// settled one), before that thread's work returns. They must not yield: engine calls that yield
// run on threads of their own (roblox/engineCall.ts).

import { pendingPromise, settlePromise } from "./publicPromise";

type Listener = (ok: boolean, value: unknown) => void;

const PENDING = 0;
const RESOLVED = 1;
const REJECTED = 2;

// The run queue, as three parallel arrays indexed from `head` to `tail`.
const runListeners = new Array<Listener>();
const runOks = new Array<boolean>();
const runValues = new Array<unknown>();
let head = 0;
let tail = 0;
/** The thread draining the run queue, if one is. */
let drainer: thread | undefined;

/** A callback that raised: a bug in RankBridge, reported where the engine reports errors. */
function report(failure: unknown) {
	task.spawn(error, `RankBridge internal error: ${tostring(failure)}`, 0);
}

/**
 * Runs what is queued, in order. A callback can resume another thread (a Promise's waiter) that
 * settles futures of its own before this one returns, or (wrongly) yield: that thread drains
 * the queue itself rather than wait for this one. Within one thread, drains never nest.
 */
function drain() {
	const outer = drainer;
	drainer = coroutine.running();
	while (head < tail) {
		const listener = runListeners[head];
		const ok = runOks[head];
		const value = runValues[head];
		runListeners[head] = undefined!;
		runValues[head] = undefined;
		head += 1;
		const [fine, failure] = pcall(listener, ok, value);
		if (!fine) report(failure);
	}
	head = 0;
	tail = 0;
	drainer = outer;
}

function schedule(listener: Listener, ok: boolean, value: unknown) {
	runListeners[tail] = listener;
	runOks[tail] = ok;
	runValues[tail] = value;
	tail += 1;
	if (drainer !== coroutine.running()) drain();
}

export class Future<T = unknown> {
	private state = PENDING;
	private value?: unknown;
	/** One listener, or several: most futures have exactly one. */
	private listeners?: Listener | Array<Listener>;
	/** Resolved with another future, whose outcome it takes: later settles are ignored. */
	private locked = false;

	static resolved<T>(value: T): Future<T> {
		const future = new Future<T>();
		future.state = RESOLVED;
		future.value = value;
		return future;
	}

	static rejected<T = never>(reason: unknown): Future<T> {
		const future = new Future<T>();
		future.state = REJECTED;
		future.value = reason;
		return future;
	}

	/** Runs `body` now; what it raises becomes a rejection. */
	static try<T>(body: () => T | Future<T>): Future<T> {
		const [ok, result] = pcall(body);
		if (!ok) return Future.rejected<T>(result);
		return Future.is(result) ? (result as Future<T>) : Future.resolved(result as T);
	}

	static is(value: unknown): value is Future<unknown> {
		return typeIs(value, "table") && getmetatable(value) === (Future as unknown);
	}

	/** Resolves once every future has, with their values in order; rejects with the first rejection. */
	static all<T>(futures: ReadonlyArray<Future<T>>): Future<Array<T>> {
		const all = new Future<Array<T>>();
		const values = new Array<T>();
		let left = futures.size();
		if (left === 0) return Future.resolved(values);
		futures.forEach((future, index) => {
			future.listen((ok, value) => {
				if (!ok) return all.reject(value);
				values[index] = value as T;
				left -= 1;
				if (left === 0) all.resolve(values);
			});
		});
		return all;
	}

	/**
	 * `call` for each item, with at most `limit` of the futures it returns pending at once (a store
	 * with a bounded queue, say); resolves with their values in the items' order, or rejects with
	 * the first rejection (and starts no more).
	 */
	static eachLimited<I, T>(items: ReadonlyArray<I>, limit: number, call: (item: I) => Future<T>): Future<Array<T>> {
		const all = new Future<Array<T>>();
		const values = new Array<T>();
		const count = items.size();
		let cursor = 0;
		let running = 0;
		let failed = false;
		const more = () => {
			if (failed) return;
			if (cursor >= count && running === 0) return all.resolve(values);
			while (running < limit && cursor < count) {
				const index = cursor;
				cursor += 1;
				running += 1;
				Future.try(() => call(items[index])).listen((ok, value) => {
					running -= 1;
					if (failed) return;
					if (!ok) {
						failed = true;
						return all.reject(value);
					}
					values[index] = value as T;
					more();
				});
			}
		};
		more();
		return all;
	}

	/** Settles with `value`; a Future is followed. Only the first settle counts. */
	resolve(value: T | Future<T>) {
		if (this.state !== PENDING || this.locked) return;
		if (Future.is(value)) {
			this.locked = true;
			(value as Future<T>).listen((ok, result) => this.settle(ok, result));
			return;
		}
		this.settle(true, value);
	}

	reject(reason: unknown) {
		if (this.state !== PENDING || this.locked) return;
		this.settle(false, reason);
	}

	private settle(ok: boolean, value: unknown) {
		if (this.state !== PENDING) return;
		this.state = ok ? RESOLVED : REJECTED;
		this.value = value;
		const listeners = this.listeners;
		this.listeners = undefined;
		if (listeners === undefined) return;
		if (typeIs(listeners, "function")) return schedule(listeners, ok, value);
		for (const listener of listeners) schedule(listener, ok, value);
	}

	/** Calls `listener(ok, value)` once this settles (the cheapest way to wait: no new future). */
	listen(listener: Listener) {
		if (this.state !== PENDING) return schedule(listener, this.state === RESOLVED, this.value);
		const listeners = this.listeners;
		if (listeners === undefined) this.listeners = listener;
		else if (typeIs(listeners, "function")) this.listeners = [listeners, listener];
		else listeners.push(listener);
	}

	/** A future of what `onResolved` (or `onRejected`) returns; what they raise rejects it. Without a handler the outcome passes on. */
	andThen<U = T>(onResolved?: (value: T) => U | Future<U>, onRejected?: (reason: unknown) => U | Future<U>): Future<U> {
		const chained = new Future<U>();
		this.listen((ok, value) => {
			const handler = (ok ? onResolved : onRejected) as ((value: unknown) => U | Future<U>) | undefined;
			if (handler === undefined) return chained.settle(ok, value);
			const [fine, result] = pcall(handler, value);
			if (fine) chained.resolve(result as U | Future<U>);
			else chained.settle(false, result);
		});
		return chained;
	}

	catch<U = T>(onRejected: (reason: unknown) => U | Future<U>): Future<T | U> {
		return this.andThen<T | U>(undefined, onRejected);
	}

	/** Runs `body` once this settles, then passes the outcome on. */
	finally(body: () => void): Future<T> {
		const chained = new Future<T>();
		this.listen((ok, value) => {
			const [fine, failure] = pcall(body);
			if (fine) chained.settle(ok, value);
			else chained.settle(false, failure);
		});
		return chained;
	}

	/** The public face: a Promise that settles as this does. */
	toPromise(): Promise<T> {
		const promise = pendingPromise<T>();
		this.listen((ok, value) => settlePromise(promise, ok, value));
		return promise;
	}
}

// An instance made the way roblox-ts makes one starts as an empty table and gains its fields one
// by one, growing (and reallocating) its hash part at the first, second and third. A queued
// action makes about twenty Futures, so `new Future()` makes the table with its four fields in place.
(Future as unknown as { new: () => Future }).new = () =>
	setmetatable({ state: PENDING, locked: false, value: undefined, listeners: undefined }, Future as never) as never;

/** A Promise of what `body` returns (a Future or a value); what it raises rejects it. For the public API. */
export function promised<T>(body: () => T | Future<T>): Promise<T> {
	return Future.try(body).toPromise();
}
