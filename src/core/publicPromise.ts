// The Promises RankBridge hands to callers: evaera's Promise, the one roblox-ts ships and the
// API's types name (https://eryn.io/roblox-lua-promise/api/Promise). `new Promise(executor)`
// starts a coroutine to run the executor, makes closures for resolve, reject and onCancel, and
// closes the coroutine a frame after the Promise settles. A Promise RankBridge returns runs no
// executor: it only waits to be settled. So it is made here as Promise.new would leave it once
// its executor returned, with the same fields and metatable, the executor's thread being one
// finished thread shared by all; it is settled through the Promise's own resolve and reject.
// Chaining, cancel, await, timeouts and unhandled-rejection warnings are then the library's own.
//
// Most callers never touch the Promise of a queued action, and a deep queue holds one per action.
// So it starts as an empty table (in Studio it holds where it was made), about 50 bytes where a
// whole one takes 0.5 KB (eight fields and four tables of its own); whichever of its methods is
// called first, or its settling, gives it the rest and the library's metatable, in place. Until
// then its metatable's __index holds every Promise method and its status (Started), so Promise.is
// takes it for a Promise, and its metatable's own metatable leads to the Promise class, so
// `instanceof Promise` holds.
//
// That relies on how the Promise lays out a new Promise, which is not its public interface. The
// layout is checked once, against a Promise made by Promise.new; if another version of the
// library lays it out differently, Promise.new is used instead.
import { RunService } from "@rbxts/services";
import promiseChain from "./promiseChain";
import promiseMethods from "./promiseMethods";

type Fields = Record<string, unknown>;

interface Internals {
	_resolve(this: Internals, value: unknown): void;
	_reject(this: Internals, reason: unknown): void;
}

/** A thread that has finished, standing in for each Promise's executor thread (closing it again does nothing). */
const finishedThread = coroutine.create(() => {});
coroutine.resume(finishedThread);

/** What Promise.new gives a Promise whose executor has returned without settling it (one made at load, for its layout). */
const reference = new Promise<void>(() => {}) as unknown as Fields;
const consumersMetatable = getmetatable(reference._consumers as object);
const promiseMetatable = getmetatable(reference as object) as LuaMetatable<Fields>;

/**
 * Where a Promise was made, which the Promise library names in its messages (the unhandled-
 * rejection warning among them). Promise.new takes a traceback for each; that costs about 1 µs
 * and a field of every queued action's Promise, so RankBridge takes one in Studio, where it
 * helps, and a live server's Promises name the library instead.
 */
let tracebacks = RunService.IsStudio();
const NO_TRACEBACK = "a RankBridge call (where it was made is traced in Studio only)";

/** Whether Promises take a traceback where they are made (in Studio by default): for specs. */
export function tracePromises(on: boolean) {
	tracebacks = on;
}

/** Where a call to a Promise method was made, for the Promise it returns (from inside that method's wrapper). */
function callSource(): string {
	return tracebacks ? debug.traceback(undefined, 3) : NO_TRACEBACK;
}

/** Whether `a` and `b` have the same fields, with values of the same types (but for a field of `a`'s left out). */
function sameFields(a: Fields, b: Fields, leftOut?: string): boolean {
	for (const [key, value] of pairs(a)) if (key !== leftOut && typeOf(b[key]) !== typeOf(value)) return false;
	for (const [key, value] of pairs(b)) if (typeOf(a[key]) !== typeOf(value)) return false;
	return true;
}

/**
 * The first `andThen` or `catch` on a pending Promise of RankBridge's, made without an executor
 * thread (promiseChain.lua), if it makes what the library's own does: the same fields, the
 * handler's value passed on, a handler's error a rejection with the library's Error, and a
 * cancelled chained Promise's callbacks taken off the one it chained onto. Otherwise the
 * library's own is used.
 */
const lightChain = ((): ReturnType<typeof promiseChain> | undefined => {
	const chain = promiseChain(promiseMetatable, consumersMetatable as object, finishedThread);
	const made = new Array<Promise<unknown>>();
	const pending = () => {
		const promise = new Promise<number>(() => {});
		made.push(promise);
		return promise;
	};
	const [ok, matches] = pcall(() => {
		const theirs = pending().andThen((value) => value + 1) as unknown as Fields;
		made.push(theirs as unknown as Promise<unknown>);
		const parent = pending();
		const ours = chain(parent, "", (value: number) => value + 1) as Fields;
		if (!sameFields(theirs, ours)) return false;
		(parent as unknown as Internals)._resolve(1);
		if ((ours as unknown as Promise<number>).expect() !== 2) return false;
		const failing = pending();
		const failed = chain(failing, "", () => error("a probe's failure")) as Fields;
		failed._unhandledRejection = false;
		(failing as unknown as Internals)._resolve(1);
		const reason = (failed._values as Array<unknown> | undefined)?.[0] as { kind?: unknown } | undefined;
		if ((failed as unknown as Promise<unknown>).getStatus() !== Promise.Status.Rejected || reason?.kind !== "ExecutionError") return false;
		// Of two chained onto one, the one cancelled leaves the other's callbacks (the last would cancel it too).
		const kept = pending() as unknown as Fields;
		chain(kept, "", (value: number) => value);
		const dropped = chain(kept, "", (value: number) => value) as unknown as Promise<unknown>;
		dropped.cancel();
		return (kept._queuedResolve as Array<unknown>).size() === 1 && (kept._queuedReject as Array<unknown>).size() === 1;
	});
	for (const promise of made) promise.cancel();
	return ok && matches === true ? chain : undefined;
})();

/** Whether the first `andThen` or `catch` on a pending Promise of RankBridge's is made without an executor thread. */
export const lightChains = lightChain !== undefined;

/** Gives a Promise made by `started` the rest of its fields and the library's metatable (once). */
function complete(promise: Fields) {
	if (getmetatable(promise) === promiseMetatable) return;
	// Its status until now came from its metatable (see `started`).
	if (rawget(promise, "_status") === undefined) promise._status = Promise.Status.Started;
	if (rawget(promise, "_source") === undefined) promise._source = NO_TRACEBACK;
	promise._thread = finishedThread;
	promise._unhandledRejection = true;
	promise._queuedResolve = [];
	promise._queuedReject = [];
	promise._queuedFinally = [];
	promise._consumers = setmetatable({}, consumersMetatable as LuaMetatable<object>);
	setmetatable(promise, promiseMetatable);
}

/**
 * A not yet used Promise's metatable: each Promise method completes it first. Its status, Started
 * until it is settled or used, is read from here, so the Promise's own table starts empty.
 */
const startedMethods = promiseMethods(promiseMetatable.__index as object, (promise) => complete(promise as Fields), lightChain, callSource) as Fields;
startedMethods._status = Promise.Status.Started;
const startedMetatable = setmetatable(
	{
		__index: startedMethods,
		__tostring: promiseMetatable.__tostring,
	} as object,
	{ __index: promiseMetatable } as LuaMetatable<object>,
) as LuaMetatable<Fields>;

/** A pending Promise with nothing of its own (but its source, if traced); `complete` gives it the rest. */
function started(source?: string): Fields {
	const fields: Fields = source !== undefined ? { _source: source } : {};
	return setmetatable(fields, startedMetatable);
}

/**
 * The count of values a Promise settled with, which Promise.new sets to -1 beforehand. It is read
 * only once the Promise has settled (and set then), so it is left out: with eight fields the
 * Promise's table is half the size.
 */
const LEFT_OUT = "_valuesLength";

/** Whether `a` and `b` have the same fields, with values of the same types, but for LEFT_OUT. */
function sameShape(a: Fields, b: Fields): boolean {
	return sameFields(a, b, LEFT_OUT) && a[LEFT_OUT] === -1 && b[LEFT_OUT] === undefined;
}

/** Whether a Promise built here is one the library accepts as its own, and settles as one. */
function layoutMatches(): boolean {
	const [ok, matches] = pcall(() => {
		const internals = promiseMetatable.__index as Partial<Internals> | undefined;
		if (!typeIs(internals?._resolve, "function") || !typeIs(internals?._reject, "function")) return false;
		const probe = started("");
		if (!Promise.is(probe) || !((probe as unknown) instanceof Promise)) return false;
		complete(probe);
		if (!sameShape(reference, probe) || reference._status !== Promise.Status.Started || !Promise.is(probe)) return false;
		(probe as unknown as Internals)._resolve(true);
		const promise = probe as unknown as Promise<boolean>;
		const unused = started("") as unknown as Promise<boolean>;
		// A method called on a Promise not yet used completes it first, and works as on any Promise.
		return (
			promise.getStatus() === Promise.Status.Resolved &&
			promise.expect() === true &&
			unused.getStatus() === Promise.Status.Started &&
			getmetatable(unused) === promiseMetatable
		);
	});
	return ok && matches === true;
}

/** Makes Promises that stay pending until settled, and settles them (first settle counts; a cancelled Promise stays cancelled). */
export interface PromiseMaker {
	pending: <T>() => Promise<T>;
	settle: (promise: Promise<unknown>, ok: boolean, value: unknown) => void;
}

const lightMaker: PromiseMaker = {
	pending: <T>() => started(tracebacks ? debug.traceback(undefined, 3) : undefined) as unknown as Promise<T>,
	settle: (promise, ok, value) => {
		const fields = promise as unknown as Fields;
		// Resolved while nobody has used it (nothing queued on it, no consumers): what `_resolve`
		// leaves, set at once. The library's would also complete it and defer closing its thread,
		// the finished one all share, which needs no closing. A method called later completes it.
		if (ok && getmetatable(fields) === startedMetatable && fields._status === Promise.Status.Started && !Promise.is(value)) {
			fields._status = Promise.Status.Resolved;
			fields._values = [value];
			fields[LEFT_OUT] = 1;
			return;
		}
		complete(fields);
		const internals = fields as unknown as Internals;
		if (ok) internals._resolve(value);
		else internals._reject(value);
	},
};

/** How each Promise from the fallback maker is settled. */
const settlers = setmetatable(new Map<Promise<unknown>, (ok: boolean, value: unknown) => void>(), { __mode: "k" });

const fallbackMaker: PromiseMaker = {
	pending: <T>() => {
		let settle!: (ok: boolean, value: unknown) => void;
		const promise = new Promise<T>((resolve, reject) => {
			settle = (ok, value) => (ok ? resolve(value as T) : reject(value));
		});
		settlers.set(promise, settle);
		return promise;
	},
	settle: (promise, ok, value) => settlers.get(promise)?.(ok, value),
};

/** Both ways, for specs that hold them to the same behaviour. */
export const PROMISE_MAKERS = { light: lightMaker, fallback: fallbackMaker };

/** Whether Promises are made the light way (false: this version of the Promise library lays them out otherwise). */
export const lightPromises = layoutMatches();
(reference as unknown as Promise<void>).cancel();

const maker = lightPromises ? lightMaker : fallbackMaker;

/** A new Promise that stays pending until `settlePromise` settles it. */
export function pendingPromise<T>(): Promise<T> {
	return maker.pending<T>();
}

/**
 * Resolves (`ok`) or rejects a Promise from `pendingPromise`. As with Promise.new's resolve and
 * reject, only the first settle counts, and a cancelled Promise stays cancelled.
 */
export function settlePromise(promise: Promise<unknown>, ok: boolean, value: unknown) {
	maker.settle(promise, ok, value);
}
