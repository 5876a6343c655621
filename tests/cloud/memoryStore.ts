// MemoryStoreService as Roblox documents it: hash maps, sorted maps and queues shared by every
// server of an experience, with the documented limits (see limits.ts) and errors (errors.ts).
//   * every call yields for a round trip (`latency` seconds on the experience's clock) and
//     raises the engine's error rather than returning it;
//   * values are stored as JSON text: a caller's later changes do not leak in, and sizes are
//     the serialized sizes the limits speak of;
//   * items vanish when they expire; the memory quota counts only live items;
//   * UpdateAsync reads, runs the transform on the calling server, then writes only if nobody
//     wrote the key meanwhile, else runs the transform again on the newer value (so transforms
//     really do run more than once when servers contend).
// The docs do not say how the memory quota measures an item; here it is its key and serialized
// value (and string sort key) in bytes, which is what "total size (including keys)" suggests.
import { HttpService } from "@rbxts/services";
import type { Scheduler } from "../../src/core/scheduler";
import { errorName, memoryStoreErrorText, type MemoryStoreErrorName } from "./errors";
import { Faults } from "./faults";
import { MEMORY_STORE_LIMITS, type MemoryStoreLimits } from "./limits";
import { ServiceClock, timeMethods } from "./serviceClock";
import { runTransform, sleep } from "./thread";
import { SlidingWindow } from "./window";

type StructureKind = "HashMap" | "SortedMap" | "Queue";
type SortKey = string | number;

interface Item {
	json: string;
	bytes: number;
	expiresAt: number;
	/** Changes on every write: UpdateAsync commits only over the version it read. */
	version: number;
	sortKey?: SortKey;
}

interface QueueItem {
	json: string;
	bytes: number;
	expiresAt: number;
	priority: number;
	order: number;
	hiddenUntil: number;
	readId?: string;
}

interface Structure {
	items: number;
	bytes: number;
}

export interface Tally {
	calls: number;
	units: number;
}

/** What the experience's MemoryStore has done and holds, for specs and the benchmark. */
export interface MemoryStoreFigures {
	/** Calls made (failed ones included) and request units consumed. */
	calls: number;
	units: number;
	/** By "HashMap.UpdateAsync", "Queue.ReadAsync", ... */
	byMethod: Map<string, Tally>;
	/** By "HashMap:<name>", "SortedMap:<name>", "Queue:<name>". */
	byStructure: Map<string, Tally>;
	/** A hash map's or sorted map's calls by item key, under the same names as byStructure (with countsKeys on). */
	byKey: Map<string, Map<string, Tally>>;
	/** When each call to a key matching `timesKeys` was made (virtual seconds, in order). */
	timedCalls: Array<number>;
	/** Errors raised, by name. */
	errors: Map<string, number>;
	/** UpdateAsync transforms run again because the item changed meanwhile (or a spec forced it). */
	reruns: number;
	/** Bytes and items stored now (expired ones gone), and the most bytes ever stored. */
	bytes: number;
	peakBytes: number;
	items: number;
	/** The quotas now: bytes, and request units a minute. */
	quotaBytes: number;
	unitsPerMinute: number;
	/** Real CPU seconds spent inside the stand-in (a network service in a game). */
	seconds: number;
}

function fail(name: MemoryStoreErrorName, detail?: string): never {
	error(memoryStoreErrorText(name, detail), 0);
}

function characters(text: string): number {
	const [count] = utf8.len(text);
	return typeIs(count, "number") ? count : text.size();
}

function checkKey(key: unknown, limits: MemoryStoreLimits, what = "key"): string {
	if (!typeIs(key, "string") || key.size() === 0) fail("InvalidRequest", `${what} must be a non-empty string`);
	const length = characters(key);
	if (length > limits.keyLength) fail("InvalidRequest", `${what} is ${length} characters; at most ${limits.keyLength}`);
	return key;
}

function checkExpiration(expiration: unknown, limits: MemoryStoreLimits): number {
	// The parameter is an int64: a fraction is dropped, as the engine's conversion does.
	const seconds = typeIs(expiration, "number") ? math.floor(expiration) : 0;
	if (!(seconds > 0 && seconds <= limits.maxExpiration)) fail("InvalidExpirationTime", `got ${tostring(expiration)}`);
	return seconds;
}

function encode(value: unknown): string {
	const [ok, json] = pcall(() => HttpService.JSONEncode(value));
	if (!ok) fail("InvalidRequest", "Unable to convert value to json.");
	return json as string;
}

function decode(json: string): unknown {
	return HttpService.JSONDecode(json);
}

function checkSortKey(sortKey: unknown, limits: MemoryStoreLimits): SortKey | undefined {
	if (sortKey === undefined) return undefined;
	if (typeIs(sortKey, "number") && sortKey === sortKey && math.abs(sortKey) !== math.huge) return sortKey;
	if (typeIs(sortKey, "string") && characters(sortKey) <= limits.keyLength) return sortKey;
	fail("InvalidRequest", "Unable to convert sortKey to a valid number or string.");
}

/** A stable spread of keys over partitions. */
function partitionOf(text: string, partitions: number): number {
	let hash = 5381;
	const length = text.size();
	for (let i = 1; i <= length; i++) hash = (hash * 33 + string.byte(text, i)[0]) % 2147483648;
	return hash % partitions;
}

/** Sorted map order: numeric sort keys, then string sort keys, then none; ties by key. */
function sortRank(sortKey: SortKey | undefined): number {
	return sortKey === undefined ? 2 : typeIs(sortKey, "number") ? 0 : 1;
}

function compareEntries(aSort: SortKey | undefined, aKey: string | undefined, bSort: SortKey | undefined, bKey: string | undefined): number {
	const rank = sortRank(aSort) - sortRank(bSort);
	if (rank !== 0) return rank;
	if (aSort !== undefined && bSort !== undefined && aSort !== bSort) return (aSort as number) < (bSort as number) ? -1 : 1;
	if (aKey === undefined || bKey === undefined || aKey === bKey) return 0;
	return aKey < bKey ? -1 : 1;
}

/** The experience's MemoryStore: every server's MemoryStoreService sees these structures. */
export class MemoryStoreExperience {
	readonly faults: Faults;
	readonly limits: MemoryStoreLimits;
	/** Tally calls by item key too (figures().byKey). Off unless asked: the tallies grow with every key touched. */
	countsKeys = false;
	/** A Lua pattern: the time of each call to an item key that matches it is kept (figures().timedCalls). */
	timesKeys?: string;
	private readonly timedCalls = new Array<number>();
	private readonly hashMaps = new Map<string, Map<string, Item>>();
	private readonly sortedMaps = new Map<string, Map<string, Item>>();
	private readonly queues = new Map<string, Array<QueueItem>>();
	private readonly structures = new Map<string, Structure>();
	private readonly units = new SlidingWindow();
	private readonly partitionUnits = new Map<number, SlidingWindow>();
	/** Concurrent users seen, when they changed: the memory quota follows the highest in the look-back. */
	private readonly userSamples = new Array<{ at: number; users: number }>();
	private bytes = 0;
	private peakBytes = 0;
	private items = 0;
	private lastSweep = -math.huge;
	private versions = 0;
	private queueOrder = 0;
	private reads = 0;
	private calls = 0;
	private spent = 0;
	/** The stand-in's own time (a network service in a game): its calls, timed whole. */
	readonly clock = new ServiceClock();
	private reruns = 0;
	private readonly byMethod = new Map<string, Tally>();
	private readonly byStructure = new Map<string, Tally>();
	private readonly byKey = new Map<string, Map<string, Tally>>();
	private readonly errors = new Map<string, number>();

	constructor(
		readonly scheduler: Scheduler,
		private readonly users: () => number,
		private readonly latency: number,
		private readonly random: Random,
		limits: Partial<MemoryStoreLimits> = {},
	) {
		this.limits = { ...MEMORY_STORE_LIMITS, ...limits };
		this.faults = new Faults(scheduler, "InternalError");
	}

	/** A server's MemoryStoreService. */
	service(): MemoryStoreServiceStandIn {
		return new MemoryStoreServiceStandIn(this);
	}

	/** Notes the experience's users now (when they change), for the memory quota's look-back. */
	noteUsers() {
		const users = this.users();
		const samples = this.userSamples;
		const last = samples[samples.size() - 1];
		if (last === undefined || last.users !== users) samples.push({ at: this.scheduler.now(), users });
	}

	/** The memory quota now, in bytes. */
	quotaBytes(): number {
		const now = this.scheduler.now();
		this.noteUsers();
		const users = this.users();
		const samples = this.userSamples;
		const horizon = now - this.limits.memoryLookbackSeconds;
		// Keep the sample in force at the horizon; drop those before it.
		while (samples.size() > 1 && samples[1].at <= horizon) samples.shift();
		let highest = users;
		for (const sample of samples) highest = math.max(highest, sample.users);
		return math.floor(this.limits.memoryBaseBytes + this.limits.memoryBytesPerUser * highest);
	}

	/** Request units a minute the experience may use now. */
	unitsPerMinute(): number {
		return this.limits.requestUnitsBase + this.limits.requestUnitsPerUser * this.users();
	}

	/** Items a queue holds, visible or not (expired ones gone); for specs, without a call. */
	queueSize(name: string): number {
		this.sweep(true);
		return this.queues.get(name)?.size() ?? 0;
	}

	/** A hash map's value now, for specs, without a call. */
	peek(mapName: string, key: string): unknown {
		const item = this.liveItem(this.hashMaps.get(mapName), mapName, "HashMap", key);
		return item ? decode(item.json) : undefined;
	}

	figures(): MemoryStoreFigures {
		this.sweep(true);
		const copy = (tallies: Map<string, Tally>) => {
			const result = new Map<string, Tally>();
			for (const [name, tally] of tallies) result.set(name, { ...tally });
			return result;
		};
		const errors = new Map<string, number>();
		for (const [name, count] of this.errors) errors.set(name, count);
		const byKey = new Map<string, Map<string, Tally>>();
		for (const [structure, keys] of this.byKey) byKey.set(structure, copy(keys));
		return {
			calls: this.calls,
			units: this.spent,
			byMethod: copy(this.byMethod),
			byStructure: copy(this.byStructure),
			byKey,
			timedCalls: [...this.timedCalls],
			errors,
			reruns: this.reruns,
			bytes: this.bytes,
			peakBytes: this.peakBytes,
			items: this.items,
			quotaBytes: this.quotaBytes(),
			unitsPerMinute: this.unitsPerMinute(),
			seconds: this.clock.seconds,
		};
	}

	/** Real CPU seconds spent inside the stand-in so far: figures().seconds without the copying. */
	serviceSeconds(): number {
		return this.clock.seconds;
	}

	// The parts the structures share ---------------------------------------------------------

	/** @internal Seconds a round trip takes now. */
	tripSeconds(): number {
		return this.latency + this.faults.latency;
	}

	/**
	 * @internal A `share` of a round trip (half: one way). Each leg varies around its mean, as
	 * network trips do, so servers that call at the same moment do not stay in lockstep.
	 */
	travel(share = 1 / 2) {
		this.pause(share * this.tripSeconds() * (0.5 + this.random.NextNumber()));
	}

	/** @internal Yields the calling server's thread for `seconds` (the engine's suspending and waking stay in the call's time). */
	pause(seconds: number) {
		sleep(this.scheduler, seconds, this.clock);
	}

	/** @internal Runs the engine's own checks on a call's arguments, counting what they refuse. */
	guard<T>(check: () => T): T {
		const [ok, result] = pcall(check);
		if (!ok) return this.raise(tostring(result));
		return result as T;
	}

	/** @internal A stored value as the caller gets it (the engine's work, not the game's). */
	decoded(json: string): unknown {
		return decode(json);
	}

	/**
	 * @internal One request: out, the service's `work`, back. `work` raises the service's error;
	 * the caller gets it after the trip back, as from the engine.
	 */
	request<T>(work: () => T): T {
		this.travel();
		const outcome = this.serve(work);
		this.travel();
		if (!outcome.ok) return this.raise(outcome.text);
		return outcome.value as T;
	}

	/** @internal Counts a call (each method counts itself first, so refused calls count too). */
	count(kind: StructureKind, name: string, method: string, key?: unknown) {
		this.calls += 1;
		this.tally(this.byMethod, `${kind}.${method}`).calls += 1;
		this.tally(this.byStructure, `${kind}:${name}`).calls += 1;
		if (this.countsKeys && typeIs(key, "string")) this.keyTally(kind, name, key).calls += 1;
		if (this.timesKeys !== undefined && typeIs(key, "string") && key.match(this.timesKeys)[0] !== undefined) {
			this.timedCalls.push(this.scheduler.now());
		}
	}

	/** @internal Runs the service's side of a request: faults first, then `work`. */
	serve<T>(work: () => T): { ok: true; value: T } | { ok: false; text: string } {
		const [ok, result] = pcall(() => {
			const fault = this.faults.take();
			if (fault?.name !== undefined) error(memoryStoreErrorText(fault.name, "a fault a spec switched on"), 0);
			if (fault) fail("RequestThrottled", "a fault a spec switched on");
			return work();
		});
		return ok ? { ok: true, value: result as T } : { ok: false, text: tostring(result) };
	}

	/** @internal After a write was stored: raises the service's error instead of its answer if a fault loses it. */
	answer(key: string) {
		const lost = this.faults.takeLostAnswer(key);
		if (lost !== undefined) this.raise(memoryStoreErrorText(lost, "the write was stored; its answer was lost"));
	}

	/** @internal Raises a service error to the caller, counting it. */
	raise(text: string): never {
		const name = errorName(text);
		this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
		error(text, 0);
	}

	/** @internal Refuses a request the quotas cannot take now; otherwise charges it. */
	charge(kind: StructureKind, name: string, method: string, partition: number, units: number, key?: string) {
		// Expired items stop counting as time passes, not only when something looks: without
		// this, a long run's peak would count items long gone.
		this.sweep();
		const now = this.scheduler.now();
		const limit = this.unitsPerMinute();
		if (this.units.used(now) + units > limit) {
			fail("TotalRequestsOverLimit", `${limit} request units a minute for ${this.users()} concurrent users`);
		}
		let window = this.partitionUnits.get(partition);
		if (!window) {
			window = new SlidingWindow();
			this.partitionUnits.set(partition, window);
		}
		if (window.used(now) + units > this.limits.partitionUnitsPerMinute) {
			fail("PartitionRequestsOverLimit", `${this.limits.partitionUnitsPerMinute} request units a minute`);
		}
		this.units.add(now, units);
		window.add(now, units);
		this.spent += units;
		this.tally(this.byMethod, `${kind}.${method}`).units += units;
		this.tally(this.byStructure, `${kind}:${name}`).units += units;
		if (this.countsKeys && key !== undefined) this.keyTally(kind, name, key).units += units;
	}

	/** @internal The partition a hash map key, or a whole sorted map or queue, lives on. */
	partition(kind: StructureKind, name: string, key?: string): number {
		return partitionOf(kind === "HashMap" ? `${name}\0${key}` : `${kind}\0${name}`, this.limits.partitions);
	}

	/** @internal A value's JSON, refused if it is over the item size limit. */
	checkValue(json: string) {
		if (json.size() > this.limits.valueBytes) fail("ItemValueSizeTooLarge", `${json.size()} bytes`);
	}

	/**
	 * @internal Makes room for a change of `delta` bytes and `newItems` items in a structure, or
	 * refuses it: a change that grows memory fails once the quota is reached (one that shrinks it
	 * or keeps it the same always succeeds).
	 */
	reserve(kind: StructureKind, name: string, delta: number, newItems: number) {
		const structure = this.structure(kind, name);
		if (kind !== "HashMap") {
			if (newItems > 0 && structure.items + newItems > this.limits.structureItems) fail("DataStructureItemsOverLimit");
			if (delta > 0 && structure.bytes + delta > this.limits.structureBytes) fail("DataStructureMemoryOverLimit");
		}
		if (delta <= 0) return;
		const quota = this.quotaBytes();
		if (this.bytes + delta > quota) this.sweep(true);
		if (this.bytes + delta > quota) fail("TotalMemoryOverLimit", `${this.bytes} of ${quota} bytes in use; this write adds ${delta}`);
	}

	/** @internal Records a change in stored bytes and items. */
	account(kind: StructureKind, name: string, delta: number, itemDelta: number) {
		const structure = this.structure(kind, name);
		structure.bytes += delta;
		structure.items += itemDelta;
		this.bytes += delta;
		this.items += itemDelta;
		this.peakBytes = math.max(this.peakBytes, this.bytes);
	}

	/** @internal Counts a transform run again. */
	countRerun() {
		this.reruns += 1;
	}

	/** @internal A fresh version number for a written item. */
	nextVersion(): number {
		return ++this.versions;
	}

	/** @internal A hash map's or sorted map's items. */
	mapItems(kind: "HashMap" | "SortedMap", name: string): Map<string, Item> {
		const maps = kind === "HashMap" ? this.hashMaps : this.sortedMaps;
		let items = maps.get(name);
		if (!items) {
			items = new Map();
			maps.set(name, items);
		}
		return items;
	}

	/** @internal A queue's items. */
	queueItems(name: string): Array<QueueItem> {
		let items = this.queues.get(name);
		if (!items) {
			items = [];
			this.queues.set(name, items);
		}
		return items;
	}

	/** @internal The item at `key` unless it has expired (an expired one is dropped). */
	liveItem(items: Map<string, Item> | undefined, name: string, kind: StructureKind, key: string): Item | undefined {
		const item = items?.get(key);
		if (!item) return undefined;
		if (item.expiresAt > this.scheduler.now()) return item;
		items!.delete(key);
		this.account(kind, name, -item.bytes, -1);
		return undefined;
	}

	/** @internal A queue's visible items in reading order (highest priority, then oldest), dropping expired ones. */
	visibleQueueItems(name: string): Array<QueueItem> {
		const now = this.scheduler.now();
		const items = this.queueItems(name);
		const visible = new Array<QueueItem>();
		for (let i = items.size() - 1; i >= 0; i--) {
			const item = items[i];
			if (item.expiresAt <= now) {
				items.remove(i);
				this.account("Queue", name, -item.bytes, -1);
			} else if (item.hiddenUntil <= now) {
				visible.push(item);
			}
		}
		visible.sort((a, b) => (a.priority !== b.priority ? a.priority > b.priority : a.order < b.order));
		return visible;
	}

	/** @internal A fresh ReadAsync id, and a fresh queue order number. */
	nextReadId(): string {
		return `read-${++this.reads}`;
	}

	nextQueueOrder(): number {
		return ++this.queueOrder;
	}

	private structure(kind: StructureKind, name: string): Structure {
		const id = `${kind}:${name}`;
		let structure = this.structures.get(id);
		if (!structure) {
			structure = { items: 0, bytes: 0 };
			this.structures.set(id, structure);
		}
		return structure;
	}

	private keyTally(kind: StructureKind, name: string, key: string): Tally {
		const structure = `${kind}:${name}`;
		let keys = this.byKey.get(structure);
		if (!keys) {
			keys = new Map();
			this.byKey.set(structure, keys);
		}
		return this.tally(keys, key);
	}

	private tally(tallies: Map<string, Tally>, name: string): Tally {
		let tally = tallies.get(name);
		if (!tally) {
			tally = { calls: 0, units: 0 };
			tallies.set(name, tally);
		}
		return tally;
	}

	/** Drops expired items (at most once a second of clock time unless `now` is asked for). */
	private sweep(force = false) {
		const now = this.scheduler.now();
		if (!force && now - this.lastSweep < 1) return;
		this.lastSweep = now;
		for (const [kind, maps] of [
			["HashMap", this.hashMaps],
			["SortedMap", this.sortedMaps],
		] as const) {
			for (const [name, items] of maps) {
				for (const [key, item] of items) {
					if (item.expiresAt <= now) {
						items.delete(key);
						this.account(kind, name, -item.bytes, -1);
					}
				}
			}
		}
		for (const [name] of this.queues) this.visibleQueueItems(name);
	}
}

/** A server's MemoryStoreService: GetHashMap, GetSortedMap, GetQueue. */
export class MemoryStoreServiceStandIn {
	constructor(private readonly experience: MemoryStoreExperience) {}

	GetHashMap(name: string): HashMapStandIn {
		checkKey(name, this.experience.limits, "name");
		return new HashMapStandIn(this.experience, name);
	}

	GetSortedMap(name: string): SortedMapStandIn {
		checkKey(name, this.experience.limits, "name");
		return new SortedMapStandIn(this.experience, name);
	}

	GetQueue(name: string, invisibilityTimeout?: number): QueueStandIn {
		checkKey(name, this.experience.limits, "name");
		return new QueueStandIn(this.experience, name, invisibilityTimeout ?? this.experience.limits.defaultInvisibility);
	}
}

/**
 * UpdateAsync on a hash map or sorted map: read, transform on the calling server, write if the
 * item is unchanged, else again with the newer value. Resolves with what the last transform
 * returned (nil when it cancelled).
 */
function updateItem(
	experience: MemoryStoreExperience,
	kind: "HashMap" | "SortedMap",
	name: string,
	key: string,
	transform: Callback,
	expiration: number,
): LuaTuple<[unknown, unknown]> {
	const limits = experience.limits;
	experience.count(kind, name, "UpdateAsync", key);
	const seconds = experience.guard(() => {
		checkKey(key, limits);
		return checkExpiration(expiration, limits);
	});
	const items = experience.mapItems(kind, name);
	const partition = experience.partition(kind, name, key);
	const readItem = () => {
		const item = experience.liveItem(items, name, kind, key);
		return { version: item?.version, json: item?.json, sortKey: item?.sortKey };
	};
	experience.travel(1 / 4);
	// A hash map's UpdateAsync costs at least two units; each further attempt costs one more.
	const read = experience.serve(() => {
		experience.charge(kind, name, "UpdateAsync", partition, kind === "HashMap" ? 2 : 1, key);
		return readItem();
	});
	experience.travel(1 / 4);
	if (!read.ok) return experience.raise(read.text);
	let current = read.value;
	for (let attempt = 1; ; attempt++) {
		const outcome = runTransform(
			experience.clock,
			transform,
			current.json !== undefined ? experience.decoded(current.json) : undefined,
			current.sortKey,
		);
		if (!outcome.ok) return experience.raise(memoryStoreErrorText("TransformCallbackFailed", outcome.reason));
		if (outcome.value === undefined) return $tuple(undefined, undefined);
		const json = experience.guard(() => encode(outcome.value));
		const sortKey = kind === "SortedMap" ? experience.guard(() => checkSortKey(outcome.extra, limits)) : undefined;
		experience.travel(1 / 4);
		// The write lands only over the version the transform saw; otherwise the newest value
		// comes back and the transform runs again.
		const written = experience.serve(() => {
			const item = experience.liveItem(items, name, kind, key);
			if (item?.version !== current.version || experience.faults.takeRerun()) {
				if (attempt >= limits.updateAttempts) fail("UpdateConflict", `${attempt} attempts`);
				experience.charge(kind, name, "UpdateAsync", partition, 1, key);
				experience.countRerun();
				return readItem();
			}
			experience.checkValue(json);
			const bytes = key.size() + json.size() + (typeIs(sortKey, "string") ? sortKey.size() : 0);
			experience.reserve(kind, name, bytes - (item?.bytes ?? 0), item ? 0 : 1);
			experience.account(kind, name, bytes - (item?.bytes ?? 0), item ? 0 : 1);
			items.set(key, { json, bytes, expiresAt: experience.scheduler.now() + seconds, version: experience.nextVersion(), sortKey });
			return undefined;
		});
		experience.travel(1 / 4);
		if (!written.ok) return experience.raise(written.text);
		if (written.value === undefined) {
			experience.answer(key);
			return $tuple(experience.decoded(json), sortKey);
		}
		current = written.value;
	}
}

/** SetAsync on a hash map or sorted map. */
function setItem(
	experience: MemoryStoreExperience,
	kind: "HashMap" | "SortedMap",
	name: string,
	key: string,
	value: unknown,
	expiration: number,
	sortKey?: SortKey,
): boolean {
	const limits = experience.limits;
	experience.count(kind, name, "SetAsync", key);
	const [seconds, json, checkedSortKey] = experience.guard(() => {
		checkKey(key, limits);
		return [checkExpiration(expiration, limits), encode(value), checkSortKey(sortKey, limits)] as const;
	});
	const items = experience.mapItems(kind, name);
	experience.request(() => {
		experience.charge(kind, name, "SetAsync", experience.partition(kind, name, key), 1, key);
		experience.checkValue(json);
		const item = experience.liveItem(items, name, kind, key);
		const bytes = key.size() + json.size() + (typeIs(checkedSortKey, "string") ? checkedSortKey.size() : 0);
		experience.reserve(kind, name, bytes - (item?.bytes ?? 0), item ? 0 : 1);
		experience.account(kind, name, bytes - (item?.bytes ?? 0), item ? 0 : 1);
		items.set(key, { json, bytes, expiresAt: experience.scheduler.now() + seconds, version: experience.nextVersion(), sortKey: checkedSortKey });
		return true;
	});
	experience.answer(key);
	return true;
}

function removeItem(experience: MemoryStoreExperience, kind: "HashMap" | "SortedMap", name: string, key: string) {
	experience.count(kind, name, "RemoveAsync", key);
	experience.guard(() => checkKey(key, experience.limits));
	const items = experience.mapItems(kind, name);
	experience.request(() => {
		experience.charge(kind, name, "RemoveAsync", experience.partition(kind, name, key), 1, key);
		const item = experience.liveItem(items, name, kind, key);
		if (!item) return;
		items.delete(key);
		experience.account(kind, name, -item.bytes, -1);
	});
	experience.answer(key);
}

function getItem(experience: MemoryStoreExperience, kind: "HashMap" | "SortedMap", name: string, key: string): Item | undefined {
	experience.count(kind, name, "GetAsync", key);
	experience.guard(() => checkKey(key, experience.limits));
	const items = experience.mapItems(kind, name);
	return experience.request(() => {
		experience.charge(kind, name, "GetAsync", experience.partition(kind, name, key), 1, key);
		const item = experience.liveItem(items, name, kind, key);
		return item ? { ...item } : undefined;
	});
}

/** MemoryStoreHashMap. */
export class HashMapStandIn {
	constructor(
		private readonly experience: MemoryStoreExperience,
		readonly name: string,
	) {}

	GetAsync(key: string): unknown {
		const item = getItem(this.experience, "HashMap", this.name, key);
		return item ? this.experience.decoded(item.json) : undefined;
	}

	SetAsync(key: string, value: unknown, expiration: number): boolean {
		return setItem(this.experience, "HashMap", this.name, key, value, expiration);
	}

	UpdateAsync(key: string, transform: (current: unknown) => unknown, expiration: number): unknown {
		const [value] = updateItem(this.experience, "HashMap", this.name, key, transform, expiration);
		return value;
	}

	RemoveAsync(key: string) {
		removeItem(this.experience, "HashMap", this.name, key);
	}

	/** Pages of `count` items (1 to 200), in key order. */
	ListItemsAsync(count: number): HashMapPagesStandIn {
		const experience = this.experience;
		experience.guard(() => {
			if (!typeIs(count, "number") || count < 1 || count > experience.limits.listCount) {
				fail("InvalidRequest", `count must be from 1 to ${experience.limits.listCount}`);
			}
		});
		return new HashMapPagesStandIn(experience, this.name, math.floor(count));
	}
}

/** MemoryStoreHashMapPages: entries `{ key, value }`. */
export class HashMapPagesStandIn {
	IsFinished = false;
	private page = new Array<{ key: string; value: unknown }>();
	private after?: string;
	private first = true;

	constructor(
		private readonly experience: MemoryStoreExperience,
		private readonly name: string,
		private readonly count: number,
	) {
		this.fetch();
	}

	GetCurrentPage(): Array<{ key: string; value: unknown }> {
		return this.page;
	}

	AdvanceToNextPageAsync() {
		if (this.IsFinished) error("No pages to advance to.", 0);
		this.fetch();
	}

	private fetch() {
		const experience = this.experience;
		const items = experience.mapItems("HashMap", this.name);
		experience.count("HashMap", this.name, "ListItemsAsync");
		this.page = experience.request(() => {
			const keys = new Array<string>();
			for (const [key] of items)
				if ((this.after === undefined || key > this.after) && experience.liveItem(items, this.name, "HashMap", key)) keys.push(key);
			keys.sort();
			const page = new Array<{ key: string; value: unknown }>();
			for (let i = 0; i < math.min(this.count, keys.size()); i++) page.push({ key: keys[i], value: decode(items.get(keys[i])!.json) });
			// Units: partitions scanned (all of them, on the first page) plus items returned.
			experience.charge("HashMap", this.name, "ListItemsAsync", 0, (this.first ? experience.limits.partitions : 0) + math.max(page.size(), 1));
			this.IsFinished = keys.size() <= this.count;
			return page;
		});
		this.first = false;
		if (this.page.size() > 0) this.after = this.page[this.page.size() - 1].key;
	}
}

/** MemoryStoreSortedMap. */
export class SortedMapStandIn {
	constructor(
		private readonly experience: MemoryStoreExperience,
		readonly name: string,
	) {}

	GetAsync(key: string): LuaTuple<[unknown, SortKey | undefined]> {
		const item = getItem(this.experience, "SortedMap", this.name, key);
		if (!item) return $tuple(undefined, undefined);
		return $tuple(this.experience.decoded(item.json), item.sortKey);
	}

	SetAsync(key: string, value: unknown, expiration: number, sortKey?: SortKey): boolean {
		return setItem(this.experience, "SortedMap", this.name, key, value, expiration, sortKey);
	}

	UpdateAsync(
		key: string,
		transform: (value: unknown, sortKey: SortKey | undefined) => LuaTuple<[unknown, SortKey?]> | unknown,
		expiration: number,
	) {
		return updateItem(this.experience, "SortedMap", this.name, key, transform, expiration);
	}

	RemoveAsync(key: string) {
		removeItem(this.experience, "SortedMap", this.name, key);
	}

	/** Up to `count` items (1 to 200) between the exclusive bounds, in `direction` order. */
	GetRangeAsync(
		direction: Enum.SortDirection | "Ascending" | "Descending",
		count: number,
		exclusiveLowerBound?: { key?: string; sortKey?: SortKey },
		exclusiveUpperBound?: { key?: string; sortKey?: SortKey },
	): Array<{ key: string; value: unknown; sortKey?: SortKey }> {
		const experience = this.experience;
		const limits = experience.limits;
		experience.count("SortedMap", this.name, "GetRangeAsync");
		experience.guard(() => {
			if (!typeIs(count, "number") || count < 1 || count > limits.rangeCount)
				fail("InvalidRequest", `count must be from 1 to ${limits.rangeCount}`);
		});
		const descending = (typeIs(direction, "string") ? direction : direction.Name) === "Descending";
		const items = experience.mapItems("SortedMap", this.name);
		// A bound with only a key compares keys; with a sort key it compares (sort key, key).
		const beyond = (bound: { key?: string; sortKey?: SortKey } | undefined, sortKey: SortKey | undefined, key: string, sign: number) => {
			if (bound === undefined) return true;
			const order =
				bound.sortKey === undefined && bound.key !== undefined
					? compareEntries(undefined, key, undefined, bound.key)
					: compareEntries(sortKey, bound.key !== undefined ? key : undefined, bound.sortKey, bound.key);
			return order * sign > 0;
		};
		return experience.request(() => {
			const found = new Array<{ key: string; item: Item }>();
			for (const [key] of items) {
				const item = experience.liveItem(items, this.name, "SortedMap", key);
				if (item && beyond(exclusiveLowerBound, item.sortKey, key, 1) && beyond(exclusiveUpperBound, item.sortKey, key, -1))
					found.push({ key, item });
			}
			found.sort((a, b) => {
				const order = compareEntries(a.item.sortKey, a.key, b.item.sortKey, b.key);
				return descending ? order > 0 : order < 0;
			});
			const result = new Array<{ key: string; value: unknown; sortKey?: SortKey }>();
			for (let i = 0; i < math.min(count, found.size()); i++) {
				const { key, item } = found[i];
				result.push({ key, value: decode(item.json), sortKey: item.sortKey });
			}
			// One unit per item returned; an empty answer still costs one.
			experience.charge("SortedMap", this.name, "GetRangeAsync", experience.partition("SortedMap", this.name), math.max(result.size(), 1));
			return result;
		});
	}
}

/** MemoryStoreQueue, with the invisibility timeout it was got with. */
export class QueueStandIn {
	constructor(
		private readonly experience: MemoryStoreExperience,
		readonly name: string,
		private readonly invisibility: number,
	) {}

	AddAsync(value: unknown, expiration: number, priority = 0) {
		const experience = this.experience;
		experience.count("Queue", this.name, "AddAsync");
		const [seconds, json] = experience.guard(() => [checkExpiration(expiration, experience.limits), encode(value)] as const);
		experience.request(() => {
			experience.charge("Queue", this.name, "AddAsync", experience.partition("Queue", this.name), 1);
			experience.checkValue(json);
			experience.reserve("Queue", this.name, json.size(), 1);
			experience.account("Queue", this.name, json.size(), 1);
			experience.queueItems(this.name).push({
				json,
				bytes: json.size(),
				expiresAt: experience.scheduler.now() + seconds,
				priority,
				order: experience.nextQueueOrder(),
				hiddenUntil: -math.huge,
			});
		});
	}

	/**
	 * Up to `count` items (1 to 100), hidden from other readers for the invisibility timeout, and
	 * the id to remove them with; with `allOrNothing`, none unless `count` are there. Waits up to
	 * `waitTimeout` seconds for them (-1: as long as it takes), looking every two seconds.
	 */
	ReadAsync(count: number, allOrNothing = false, waitTimeout = -1): LuaTuple<[Array<unknown>, string | undefined]> {
		const experience = this.experience;
		const limits = experience.limits;
		experience.count("Queue", this.name, "ReadAsync");
		experience.guard(() => {
			if (!typeIs(count, "number") || count < 1 || count > limits.readCount)
				fail("InvalidRequest", `count must be from 1 to ${limits.readCount}`);
		});
		const scheduler = experience.scheduler;
		experience.travel();
		const started = scheduler.now();
		// The service looks for items every two seconds while the caller waits.
		for (let polls = 0; ; polls++) {
			const outcome = experience.serve(() => {
				const visible = experience.visibleQueueItems(this.name);
				const enough = visible.size() >= count || (visible.size() > 0 && !allOrNothing);
				const timedOut = waitTimeout >= 0 && scheduler.now() - started + limits.readPollSeconds > waitTimeout;
				if (!enough && !timedOut) return undefined;
				const taken = enough ? visible.filter((_, index) => index < count) : [];
				// A unit per item returned (at least one), and one per two seconds spent waiting.
				experience.charge("Queue", this.name, "ReadAsync", experience.partition("Queue", this.name), math.max(taken.size(), 1) + polls);
				const readId = taken.size() > 0 ? experience.nextReadId() : undefined;
				for (const item of taken) {
					item.hiddenUntil = scheduler.now() + this.invisibility;
					item.readId = readId;
				}
				return { values: taken.map((item) => decode(item.json)), readId };
			});
			if (!outcome.ok || outcome.value !== undefined) {
				experience.travel();
				if (!outcome.ok) return experience.raise(outcome.text);
				return $tuple(outcome.value!.values, outcome.value!.readId);
			}
			experience.pause(limits.readPollSeconds);
		}
	}

	/** Removes the items a ReadAsync returned, unless their invisibility ran out first. */
	RemoveAsync(id: string) {
		const experience = this.experience;
		experience.count("Queue", this.name, "RemoveAsync");
		experience.guard(() => {
			if (!typeIs(id, "string")) fail("InvalidRequest", "id must be the string ReadAsync returned");
		});
		experience.request(() => {
			experience.charge("Queue", this.name, "RemoveAsync", experience.partition("Queue", this.name), 1);
			const now = experience.scheduler.now();
			const items = experience.queueItems(this.name);
			for (let i = items.size() - 1; i >= 0; i--) {
				const item = items[i];
				if (item.readId === id && item.hiddenUntil > now) {
					items.remove(i);
					experience.account("Queue", this.name, -item.bytes, -1);
				}
			}
		});
	}

	/** Items in the queue; with `excludeInvisible`, only those a ReadAsync could take now. */
	GetSizeAsync(excludeInvisible = false): number {
		const experience = this.experience;
		experience.count("Queue", this.name, "GetSizeAsync");
		return experience.request(() => {
			experience.charge("Queue", this.name, "GetSizeAsync", experience.partition("Queue", this.name), 1);
			const visible = experience.visibleQueueItems(this.name).size();
			return excludeInvisible ? visible : experience.queueItems(this.name).size();
		});
	}
}

// Every call a game can make is timed whole, as the service's and the engine's work (serviceClock.lua).
const clockOf = (object: object) => (object as unknown as { experience: MemoryStoreExperience }).experience.clock;
timeMethods<MemoryStoreServiceStandIn>(MemoryStoreServiceStandIn, ["GetHashMap", "GetSortedMap", "GetQueue"], clockOf);
timeMethods<HashMapStandIn>(HashMapStandIn, ["GetAsync", "SetAsync", "UpdateAsync", "RemoveAsync", "ListItemsAsync"], clockOf);
timeMethods<HashMapPagesStandIn>(HashMapPagesStandIn, ["GetCurrentPage", "AdvanceToNextPageAsync"], clockOf);
timeMethods<SortedMapStandIn>(SortedMapStandIn, ["GetAsync", "SetAsync", "UpdateAsync", "RemoveAsync", "GetRangeAsync"], clockOf);
timeMethods<QueueStandIn>(QueueStandIn, ["AddAsync", "ReadAsync", "RemoveAsync", "GetSizeAsync"], clockOf);
