// Storage shared by every server of a game. In a game these are a MemoryStoreService hash map
// and a DataStore (see roblox/memoryStore.ts, roblox/dataStore.ts); tests and the benchmark pass
// the same adapters over stand-ins of those services.
//
// Every call returns a Future (core/future.ts). A failed call rejects with a RankError whose `code` is the engine's error name when it gave
// one: kind RateLimited when throttled (retry later), Transient for internal errors and update
// conflicts, QuotaExhausted with code "TotalMemoryOverLimit" (or "DataStructureMemoryOverLimit",
// "DataStructureItemsOverLimit") when MemoryStore memory is full (writes that grow it fail until
// items expire or are removed), InvalidRequest when a key, value or expiration is outside the
// documented limits (a bug or an input to refuse: never retried).

import { Future } from "./future";

/** MemoryStore's error names the core may act on. */
export const StoreErrorCode = {
	/** The experience's MemoryStore memory quota is full. */
	MemoryFull: "TotalMemoryOverLimit",
	/** A value is over MemoryStore's 32 KB. */
	ValueTooLarge: "ItemValueSizeTooLarge",
} as const;

/** A key/value map every server sees (a MemoryStore hash map). */
export interface SharedMap {
	/**
	 * Atomically replaces the value with transform(current); transform returning undefined
	 * cancels the write. Resolves with what the transform returned (undefined when it cancelled),
	 * as UpdateAsync does. transform may run more than once and must not yield.
	 */
	update<T>(key: string, transform: (current: T | undefined) => T | undefined, ttlSeconds: number): Future<T | undefined>;
	get<T>(key: string): Future<T | undefined>;
	set(key: string, value: unknown, ttlSeconds: number): Future<void>;
	remove(key: string): Future<void>;
}

/** Storage that outlives every server (a DataStore). */
export interface DurableStore {
	/** The stored value, read fresh (never from a server's cache). */
	get<T>(key: string): Future<T | undefined>;
	/**
	 * Atomically replaces the value with transform(current); transform returning undefined
	 * cancels the write. Resolves with what the transform returned (undefined when it cancelled).
	 * transform may run more than once and must not yield.
	 */
	update<T>(key: string, transform: (current: T | undefined) => T | undefined): Future<T | undefined>;
	set(key: string, value: unknown): Future<void>;
	remove(key: string): Future<void>;
	/** Requests of this type this server may still make now (GetRequestBudgetForRequestType), if known. */
	budget(kind: "read" | "write"): number | undefined;
}

/** Where RankBridge keeps what must outlive one server. */
export interface SharedStores {
	/** Coordination: rate budgets, lanes, the registry of live servers. */
	map: SharedMap;
	/** The journal of accepted work and long-lived done records; without it, work is this server's only. */
	durable?: DurableStore;
}
