// Storage shared by every server of a game. In a game these are MemoryStoreService structures
// (see roblox/memoryStore.ts); tests and the benchmark pass in-memory stand-ins with faults.

/** A key/value map every server sees (a MemoryStore hash map). */
export interface SharedMap {
	/**
	 * Atomically replaces the value with transform(current); transform returning undefined cancels
	 * the write. Resolves with what the transform returned (undefined when it cancelled), as
	 * UpdateAsync does. transform may run more than once and must not yield.
	 */
	update<T>(key: string, transform: (current: T | undefined) => T | undefined, ttlSeconds: number): Promise<T | undefined>;
	get<T>(key: string): Promise<T | undefined>;
	set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
	remove(key: string): Promise<void>;
}

/** Storage that lasts until removed (a DataStore): values up to 4 MB, keys up to 50 characters. */
export interface DurableStore {
	get<T>(key: string): Promise<T | undefined>;
	update<T>(key: string, transform: (current: T | undefined) => T | undefined): Promise<T | undefined>;
	set(key: string, value: unknown): Promise<void>;
	remove(key: string): Promise<void>;
	/** Requests of this type this server may still make now (GetRequestBudgetForRequestType), if known. */
	budget(kind: "read" | "write"): number | undefined;
}

export interface SharedQueueBatch {
	items: Array<unknown>;
	/** Pass to `remove` once the items are dealt with; unremoved items come back later. */
	receipt: string;
}

/** A queue every server sees (a MemoryStore queue): at-least-once delivery. */
export interface SharedQueue {
	add(value: unknown, ttlSeconds: number): Promise<void>;
	/** Up to `count` items, hidden from other readers until removed or their lease runs out; undefined if empty. */
	read(count: number): Promise<SharedQueueBatch | undefined>;
	remove(receipt: string): Promise<void>;
}

/** Where RankBridge keeps what must outlive one server. */
export interface SharedStores {
	/** Rate budgets and done-markers. */
	map: SharedMap;
	/** Work handed over by servers that shut down. */
	queue: SharedQueue;
	/** The journal of accepted work and long-lived done records; without it, work is this server's only. */
	durable?: DurableStore;
}
