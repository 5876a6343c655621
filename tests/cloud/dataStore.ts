// DataStoreService as Roblox documents it, for standard data stores: GetDataStore(name, scope)
// → GetAsync / SetAsync / UpdateAsync / RemoveAsync, and GetRequestBudgetForRequestType.
//   * each server has its own request budget per request type (refilling at the documented rate
//     per minute, holding at most a minute's worth); a request beyond it waits in the server's
//     throttle queue (Get, or Set for writes), and one that finds 30 waiting fails (301-306);
//   * the experience has its own budgets per request type, shared by every server; a request
//     beyond them fails with <Type>ExperienceThrottled; UpdateAsync spends a read and a write;
//   * one key may be read 25 MB and written 4 MB a minute (KeyThrottled beyond);
//   * GetAsync serves a key from the server's cache for 4 seconds after a read or write of it
//     through the same data store object, unless UseCache is false; cached reads are free;
//   * values are stored as JSON text, up to 4,194,304 characters, and must be valid UTF-8;
//   * UpdateAsync runs the transform on the server and writes only if nobody wrote the key
//     meanwhile, else runs it again on the newer value.
// Not modelled: the one-time startup burst of budget (its size is not documented, so leaving it
// out keeps budgets at or below the engine's); the storage limit (500 MB + 1 MB per lifetime
// user, far above anything a spec stores); versions, metadata and ordered data stores, which
// RankBridge does not use.
import { HttpService } from "@rbxts/services";
import type { Scheduler } from "../../src/core/scheduler";
import { dataStoreErrorText, errorName, type DataStoreErrorName } from "./errors";
import { Faults } from "./faults";
import { DATA_STORE_LIMITS, type DataStoreLimits, type DataStoreRequestKind } from "./limits";
import { ServiceClock, timeMethods } from "./serviceClock";
import { resume, runTransform, sleep } from "./thread";
import { SlidingWindow } from "./window";

const KB = 1024;

interface Entry {
	json: string;
	version: number;
	createdTime: number;
	updatedTime: number;
}

/** DataStoreKeyInfo: the version of a value and when it was written (milliseconds on the experience's clock). */
export class KeyInfoStandIn {
	readonly Version: string;
	readonly CreatedTime: number;
	readonly UpdatedTime: number;

	constructor(entry: Entry) {
		this.Version = tostring(entry.version);
		this.CreatedTime = entry.createdTime;
		this.UpdatedTime = entry.updatedTime;
	}

	GetUserIds(): Array<number> {
		return [];
	}

	GetMetadata(): Record<string, unknown> {
		return {};
	}
}

/** What the experience's data stores have done and hold, for specs and the benchmark. */
export interface DataStoreFigures {
	/** Calls made (failed and cached ones included). */
	calls: number;
	/** By "GetAsync", "SetAsync", "UpdateAsync", "RemoveAsync". */
	byMethod: Map<string, number>;
	/** Requests spent from the budgets, by request type (cached reads spend none). */
	byRequestType: Map<DataStoreRequestKind, number>;
	/** GetAsync calls answered from a server's cache. */
	cacheHits: number;
	/** Requests that waited in a server's throttle queue. */
	queued: number;
	/** Errors raised, by name. */
	errors: Map<string, number>;
	/** UpdateAsync transforms run again because the key changed meanwhile (or a spec forced it). */
	reruns: number;
	/** Characters stored now in values, the most ever stored, and keys holding a value. */
	bytes: number;
	peakBytes: number;
	items: number;
	/** Real CPU seconds spent inside the stand-in (a network service in a game). */
	seconds: number;
}

function fail(name: DataStoreErrorName, x?: string): never {
	error(dataStoreErrorText(name, x), 0);
}

function checkKey(key: unknown, limits: DataStoreLimits): string {
	if (!typeIs(key, "string") || key.size() === 0) fail("KeyNameEmpty");
	const [length] = utf8.len(key);
	if ((typeIs(length, "number") ? length : key.size()) > limits.nameLength) fail("KeyNameLimit");
	return key;
}

/** A value as the data store keeps it: JSON, valid UTF-8, within the size limit. */
function serialize(value: unknown, limits: DataStoreLimits, refusal: "ValueNotAllowed" | "CantStoreValue"): string {
	const kind = typeOf(value);
	if (value === undefined || !(kind === "string" || kind === "number" || kind === "boolean" || kind === "table")) fail(refusal, kind);
	const [ok, json] = pcall(() => HttpService.JSONEncode(value));
	if (!ok) fail("CantStoreValue", kind);
	const [valid] = utf8.len(json as string);
	if (!typeIs(valid, "number")) fail("CantStoreValue", kind);
	if ((json as string).size() > limits.valueLength) fail("ValueTooLarge", tostring(limits.valueLength));
	return json as string;
}

/** The experience's data stores and the budgets every server shares. */
export class DataStoreExperience {
	readonly faults: Faults;
	readonly limits: DataStoreLimits;
	private readonly entries = new Map<string, Entry>();
	private readonly experienceWindows = new Map<DataStoreRequestKind, SlidingWindow>();
	private readonly keyReads = new Map<string, SlidingWindow>();
	private readonly keyWrites = new Map<string, SlidingWindow>();
	private versions = 0;
	private bytes = 0;
	private peakBytes = 0;
	private calls = 0;
	/** The stand-in's own time (a network service in a game): its calls, timed whole. */
	readonly clock = new ServiceClock();
	private cacheHits = 0;
	private queued = 0;
	private reruns = 0;
	private readonly byMethod = new Map<string, number>();
	private readonly byRequestType = new Map<DataStoreRequestKind, number>();
	private readonly errors = new Map<string, number>();

	constructor(
		readonly scheduler: Scheduler,
		private readonly users: () => number,
		private readonly latency: number,
		private readonly random: Random,
		limits: Partial<DataStoreLimits> = {},
	) {
		this.limits = { ...DATA_STORE_LIMITS, ...limits };
		this.faults = new Faults(scheduler, "InternalServerError");
	}

	/** A server's DataStoreService, with its own budgets for `players()` players. */
	service(players: () => number): DataStoreServiceStandIn {
		return new DataStoreServiceStandIn(this, players);
	}

	/** Requests a minute the experience allows for `kind` now. */
	experienceLimit(kind: DataStoreRequestKind): number {
		const { base, perUser } = this.limits.experience[kind];
		return base + perUser * this.users();
	}

	/** A stored value now, for specs, without a call. */
	peek(name: string, scope: string, key: string): unknown {
		const entry = this.entries.get(`${name}\0${scope}\0${key}`);
		return entry ? HttpService.JSONDecode(entry.json) : undefined;
	}

	/** Real CPU seconds spent inside the stand-in so far: figures().seconds without the copying. */
	serviceSeconds(): number {
		return this.clock.seconds;
	}

	figures(): DataStoreFigures {
		const byMethod = new Map<string, number>();
		for (const [name, count] of this.byMethod) byMethod.set(name, count);
		const byRequestType = new Map<DataStoreRequestKind, number>();
		for (const [name, count] of this.byRequestType) byRequestType.set(name, count);
		const errors = new Map<string, number>();
		for (const [name, count] of this.errors) errors.set(name, count);
		let items = 0;
		for (const [_key] of pairs(this.entries)) items += 1;
		return {
			calls: this.calls,
			byMethod,
			byRequestType,
			cacheHits: this.cacheHits,
			queued: this.queued,
			errors,
			reruns: this.reruns,
			bytes: this.bytes,
			peakBytes: this.peakBytes,
			items,
			seconds: this.clock.seconds,
		};
	}

	// The parts the data store objects share -------------------------------------------------

	/** @internal Seconds a round trip takes now. */
	tripSeconds(): number {
		return this.latency + this.faults.latency;
	}

	/** @internal A `share` of a round trip (half: one way), varying around its mean as network trips do. */
	travel(share = 1 / 2) {
		this.pause(share * this.tripSeconds() * (0.5 + this.random.NextNumber()));
	}

	/** @internal Yields the calling server's thread for `seconds` (the engine's suspending and waking stay in the call's time). */
	pause(seconds: number) {
		sleep(this.scheduler, seconds, this.clock);
	}

	/** @internal Counts a call. */
	count(method: string) {
		this.calls += 1;
		this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
	}

	/** @internal A stored value as the caller gets it (the engine's work, not the game's). */
	decoded(json: string): unknown {
		return HttpService.JSONDecode(json);
	}

	/** @internal Counts a cached read. */
	countCacheHit() {
		this.cacheHits += 1;
	}

	/** @internal Counts a request that had to wait in a throttle queue. */
	countQueued() {
		this.queued += 1;
	}

	/** @internal Counts a transform run again. */
	countRerun() {
		this.reruns += 1;
	}

	/** @internal Counts a request spent from a server budget. */
	countSpent(kind: DataStoreRequestKind) {
		this.byRequestType.set(kind, (this.byRequestType.get(kind) ?? 0) + 1);
	}

	/** @internal Runs the engine's own checks on a call's arguments, counting what they refuse. */
	guard<T>(check: () => T): T {
		const [ok, result] = pcall(check);
		if (!ok) return this.raise(tostring(result));
		return result as T;
	}

	/** @internal After a write was stored: raises the service's error instead of its answer if a fault loses it. */
	answer(key: string) {
		const lost = this.faults.takeLostAnswer(key);
		if (lost !== undefined) this.raise(dataStoreErrorText(lost));
	}

	/** @internal Raises an error to the caller, counting it. */
	raise(text: string): never {
		const name = errorName(text);
		this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
		error(text, 0);
	}

	/** @internal The service's side of a request: faults first, then `work`. */
	serve<T>(throttleError: DataStoreErrorName, work: () => T, key?: string): { ok: true; value: T } | { ok: false; text: string } {
		const [ok, result] = pcall(() => {
			const fault = this.faults.take(key);
			if (fault?.name !== undefined) error(dataStoreErrorText(fault.name), 0);
			if (fault) fail(throttleError);
			return work();
		});
		return ok ? { ok: true, value: result as T } : { ok: false, text: tostring(result) };
	}

	/** @internal Refuses a request beyond the experience's budget for `kind`; otherwise counts it. */
	spendExperience(kind: DataStoreRequestKind) {
		const now = this.scheduler.now();
		let window = this.experienceWindows.get(kind);
		if (!window) {
			window = new SlidingWindow();
			this.experienceWindows.set(kind, window);
		}
		if (window.used(now) + 1 > this.experienceLimit(kind)) fail(`${kind}ExperienceThrottled` as DataStoreErrorName);
		window.add(now, 1);
	}

	/** @internal Refuses a read or write beyond the key's throughput; otherwise counts it (rounded up to a kilobyte). */
	spendThroughput(id: string, direction: "read" | "write", bytes: number) {
		const now = this.scheduler.now();
		const windows = direction === "read" ? this.keyReads : this.keyWrites;
		const limit = direction === "read" ? this.limits.keyReadBytes : this.limits.keyWriteBytes;
		let window = windows.get(id);
		if (!window) {
			window = new SlidingWindow();
			windows.set(id, window);
		}
		const charged = math.max(1, math.ceil(bytes / KB)) * KB;
		if (window.used(now) + charged > limit) fail("KeyThrottled");
		window.add(now, charged);
	}

	/** @internal The entry stored at `id`. */
	entry(id: string): Entry | undefined {
		return this.entries.get(id);
	}

	/** @internal Stores `json` at `id` (undefined removes it); returns the new entry. */
	write(id: string, json: string | undefined): Entry | undefined {
		const previous = this.entries.get(id);
		this.bytes += (json?.size() ?? 0) - (previous?.json.size() ?? 0);
		this.peakBytes = math.max(this.peakBytes, this.bytes);
		if (json === undefined) {
			this.entries.delete(id);
			return undefined;
		}
		const now = math.floor(this.scheduler.now() * 1000);
		const entry = { json, version: ++this.versions, createdTime: previous?.createdTime ?? now, updatedTime: now };
		this.entries.set(id, entry);
		return entry;
	}
}

type QueueName = "Get" | "Set";

interface Waiting {
	thread: thread;
	kinds: Array<DataStoreRequestKind>;
}

/** A server's DataStoreService: its budgets and throttle queues, and its data store objects. */
export class DataStoreServiceStandIn {
	private readonly tokens = new Map<DataStoreRequestKind, number>();
	private refilledAt: number;
	private readonly queues = new Map<QueueName, Array<Waiting>>();
	private readonly pumping = new Set<QueueName>();
	private readonly stores = new Map<string, DataStoreStandIn>();

	constructor(
		private readonly experience: DataStoreExperience,
		private readonly players: () => number,
	) {
		this.refilledAt = experience.scheduler.now();
		for (const [kind] of pairs(experience.limits.server)) this.tokens.set(kind, this.rate(kind));
	}

	/** The same object for the same name and scope, each with its own GetAsync cache. */
	GetDataStore(name: string, scope = "global"): DataStoreStandIn {
		const limit = this.experience.limits.nameLength;
		// The docs give the 50-character limit on names and scopes but no error for it.
		if (!typeIs(name, "string") || name.size() === 0 || name.size() > limit) error(`DataStore name must be 1 to ${limit} characters`, 2);
		if (!typeIs(scope, "string") || scope.size() === 0 || scope.size() > limit) error(`DataStore scope must be 1 to ${limit} characters`, 2);
		const id = `${name}\0${scope}`;
		let store = this.stores.get(id);
		if (!store) {
			store = new DataStoreStandIn(this.experience, this, id);
			this.stores.set(id, store);
		}
		return store;
	}

	/** Requests of this type the server may make now without waiting. */
	GetRequestBudgetForRequestType(requestType: EnumItem | string): number {
		const name = typeIs(requestType, "string") ? requestType : requestType.Name;
		const kind = name as DataStoreRequestKind;
		if (this.experience.limits.server[kind] === undefined) error(`the stand-in knows only the Standard* request types, not ${name}`, 2);
		this.refill();
		return math.floor(this.tokens.get(kind)!);
	}

	/** Requests a minute this server may make of `kind`. */
	rate(kind: DataStoreRequestKind): number {
		const { base, perPlayer } = this.experience.limits.server[kind];
		return base + perPlayer * this.players();
	}

	/**
	 * @internal Takes one request of each of `kinds` from the budgets, waiting in `queue` (in
	 * order) while they are spent; fails with `dropped` if 30 are already waiting there.
	 */
	acquire(queueName: QueueName, kinds: Array<DataStoreRequestKind>, dropped: DataStoreErrorName) {
		let queue = this.queues.get(queueName);
		if (!queue) {
			queue = [];
			this.queues.set(queueName, queue);
		}
		if (queue.size() === 0 && this.take(kinds)) return;
		if (queue.size() >= this.experience.limits.queueLength) this.experience.raise(dataStoreErrorText(dropped));
		this.experience.countQueued();
		queue.push({ thread: coroutine.running(), kinds });
		this.pump(queueName);
		// Other threads run while it waits its turn: not the call's time.
		this.experience.clock.suspend();
		coroutine.yield();
		this.experience.clock.resumed(os.clock());
	}

	private refill() {
		const now = this.experience.scheduler.now();
		const elapsed = now - this.refilledAt;
		this.refilledAt = now;
		for (const [kind, tokens] of this.tokens) {
			const rate = this.rate(kind);
			this.tokens.set(kind, math.min(rate, tokens + (rate * elapsed) / 60));
		}
	}

	private take(kinds: Array<DataStoreRequestKind>): boolean {
		this.refill();
		for (const kind of kinds) if (this.tokens.get(kind)! < 1) return false;
		for (const kind of kinds) {
			this.tokens.set(kind, this.tokens.get(kind)! - 1);
			this.experience.countSpent(kind);
		}
		return true;
	}

	/** Lets the queue's head go once its budgets allow, then the next, in order. */
	private pump(queueName: QueueName) {
		if (this.pumping.has(queueName)) return;
		const queue = this.queues.get(queueName)!;
		while (queue.size() > 0) {
			const head = queue[0];
			// A request whose caller was cancelled (its thread closed) leaves the queue.
			if (coroutine.status(head.thread) === "dead") {
				queue.shift();
				continue;
			}
			if (!this.take(head.kinds)) {
				// At least a millisecond, so that rounding can never make it wait no time at all.
				let wait = 0.001;
				for (const kind of head.kinds) wait = math.max(wait, ((1 - this.tokens.get(kind)!) * 60) / this.rate(kind));
				this.pumping.add(queueName);
				this.experience.scheduler.delay(wait, () => {
					this.pumping.delete(queueName);
					this.pump(queueName);
				});
				return;
			}
			queue.shift();
			// On a fresh stack: the released request runs on while this loop goes on.
			this.experience.scheduler.delay(0, () => resume(head.thread));
		}
	}
}

/** A standard data store (GlobalDataStore / DataStore) as one server sees it. */
export class DataStoreStandIn {
	private readonly cache = new Map<string, { json?: string; entry?: Entry; at: number }>();

	constructor(
		private readonly experience: DataStoreExperience,
		private readonly service: DataStoreServiceStandIn,
		private readonly id: string,
	) {}

	private remember(key: string, entry: Entry | undefined) {
		this.cache.set(key, { json: entry?.json, entry, at: this.experience.scheduler.now() });
	}

	/** One request: out, the service's `work`, back; the error, if any, reaches the caller after the trip back. */
	private request<T>(throttleError: DataStoreErrorName, key: string, work: () => T): T {
		this.experience.travel();
		const outcome = this.experience.serve(throttleError, work, key);
		this.experience.travel();
		if (!outcome.ok) return this.experience.raise(outcome.text);
		return outcome.value as T;
	}

	/** The value and its DataStoreKeyInfo; from this object's cache for 4 s unless `options.UseCache` is false. */
	GetAsync(key: string, options?: { UseCache?: boolean }): LuaTuple<[unknown, KeyInfoStandIn | undefined]> {
		const experience = this.experience;
		experience.count("GetAsync");
		experience.guard(() => checkKey(key, experience.limits));
		const cached = this.cache.get(key);
		if (options?.UseCache !== false && cached && experience.scheduler.now() - cached.at < experience.limits.cacheSeconds) {
			experience.countCacheHit();
			experience.pause(0);
			return $tuple(cached.json !== undefined ? experience.decoded(cached.json) : undefined, cached.entry && new KeyInfoStandIn(cached.entry));
		}
		this.service.acquire("Get", ["StandardRead"], "GetAsyncThrottle");
		const id = `${this.id}\0${key}`;
		const entry = this.request("GetAsyncThrottle", key, () => {
			experience.spendExperience("StandardRead");
			const found = experience.entry(id);
			experience.spendThroughput(id, "read", found?.json.size() ?? 0);
			return found;
		});
		this.remember(key, entry);
		return $tuple(entry ? experience.decoded(entry.json) : undefined, entry && new KeyInfoStandIn(entry));
	}

	/** Sets the value; returns the new version. */
	SetAsync(key: string, value: unknown): string {
		const experience = this.experience;
		experience.count("SetAsync");
		const json = experience.guard(() => {
			checkKey(key, experience.limits);
			return serialize(value, experience.limits, "CantStoreValue");
		});
		this.service.acquire("Set", ["StandardWrite"], "SetAsyncThrottle");
		const id = `${this.id}\0${key}`;
		const entry = this.request("SetAsyncThrottle", key, () => {
			experience.spendExperience("StandardWrite");
			experience.spendThroughput(id, "write", json.size());
			return experience.write(id, json)!;
		});
		this.remember(key, entry);
		experience.answer(key);
		return tostring(entry.version);
	}

	/**
	 * Replaces the value with `transform(current, keyInfo)`; nil from the transform cancels.
	 * Returns the value written (nil when cancelled) and its DataStoreKeyInfo.
	 */
	UpdateAsync(
		key: string,
		transform: (current: unknown, keyInfo: KeyInfoStandIn | undefined) => unknown,
	): LuaTuple<[unknown, KeyInfoStandIn | undefined]> {
		const experience = this.experience;
		experience.count("UpdateAsync");
		experience.guard(() => checkKey(key, experience.limits));
		this.service.acquire("Set", ["StandardRead", "StandardWrite"], "UpdateAsyncThrottle");
		const id = `${this.id}\0${key}`;
		experience.travel(1 / 4);
		const read = experience.serve(
			"UpdateAsyncThrottle",
			() => {
				experience.spendExperience("StandardRead");
				const found = experience.entry(id);
				experience.spendThroughput(id, "read", found?.json.size() ?? 0);
				return found;
			},
			key,
		);
		experience.travel(1 / 4);
		if (!read.ok) return experience.raise(read.text);
		let current = read.value;
		for (;;) {
			const seen = current;
			const outcome = runTransform(
				experience.clock,
				transform,
				seen ? experience.decoded(seen.json) : undefined,
				seen && new KeyInfoStandIn(seen),
			);
			if (!outcome.ok) return experience.raise(outcome.reason);
			if (outcome.value === undefined) return $tuple(undefined, undefined);
			const json = experience.guard(() => serialize(outcome.value, experience.limits, "ValueNotAllowed"));
			experience.travel(1 / 4);
			// The write lands only over the version the transform saw; otherwise the newest value
			// comes back and the transform runs again.
			const written = experience.serve("UpdateAsyncThrottle", () => {
				const latest = experience.entry(id);
				if (latest?.version !== seen?.version || experience.faults.takeRerun()) {
					experience.countRerun();
					return { conflict: true, entry: latest };
				}
				experience.spendExperience("StandardWrite");
				experience.spendThroughput(id, "write", json.size());
				return { conflict: false, entry: experience.write(id, json) };
			});
			experience.travel(1 / 4);
			if (!written.ok) return experience.raise(written.text);
			if (!written.value.conflict) {
				this.remember(key, written.value.entry);
				experience.answer(key);
				return $tuple(experience.decoded(json), new KeyInfoStandIn(written.value.entry!));
			}
			current = written.value.entry;
		}
	}

	/** Removes the key; returns the value it had and its DataStoreKeyInfo. */
	RemoveAsync(key: string): LuaTuple<[unknown, KeyInfoStandIn | undefined]> {
		const experience = this.experience;
		experience.count("RemoveAsync");
		experience.guard(() => checkKey(key, experience.limits));
		this.service.acquire("Set", ["StandardRemove"], "RemoveAsyncThrottle");
		const id = `${this.id}\0${key}`;
		const previous = this.request("RemoveAsyncThrottle", key, () => {
			experience.spendExperience("StandardRemove");
			experience.spendThroughput(id, "write", 0);
			const found = experience.entry(id);
			experience.write(id, undefined);
			return found;
		});
		this.remember(key, undefined);
		experience.answer(key);
		return $tuple(previous ? experience.decoded(previous.json) : undefined, previous && new KeyInfoStandIn(previous));
	}
}

// Every call a game can make is timed whole, as the service's and the engine's work (serviceClock.lua).
const clockOf = (object: object) => (object as unknown as { experience: DataStoreExperience }).experience.clock;
timeMethods<DataStoreServiceStandIn>(DataStoreServiceStandIn, ["GetDataStore", "GetRequestBudgetForRequestType"], clockOf);
timeMethods<DataStoreStandIn>(DataStoreStandIn, ["GetAsync", "SetAsync", "UpdateAsync", "RemoveAsync"], clockOf);
