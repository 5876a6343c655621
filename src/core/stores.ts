// Storage shared by every server of a game. In a game these are MemoryStoreService structures
// (see roblox/memoryStore.ts); tests and the benchmark pass in-memory stand-ins with faults.

/** A key/value map every server sees (a MemoryStore hash map). */
export interface SharedMap {
	/**
	 * Atomically replaces the value at `key` with `transform(current)`; if `transform` returns
	 * undefined the value is left alone. Resolves with the value stored afterwards.
	 * `transform` may run more than once (on contention) and must not yield.
	 */
	update<T>(key: string, transform: (current: T | undefined) => T | undefined, ttlSeconds: number): Promise<T | undefined>;
	get<T>(key: string): Promise<T | undefined>;
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
}
