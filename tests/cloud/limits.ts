// The limits Roblox documents for MemoryStoreService and DataStoreService, each beside the public
// page that gives it. The stand-ins enforce all of them by default; a spec may change a figure
// (e.g. a lower per-partition limit to reach it quickly), never switch one off.

const KB = 1024;
const MB = 1024 * KB;

export interface MemoryStoreLimits {
	/** Characters in a hash map or sorted map key, and in a string sort key. */
	keyLength: number;
	/** Bytes of a value once serialized to JSON. */
	valueBytes: number;
	/** Seconds an item may live. */
	maxExpiration: number;
	/** The experience's memory quota: base bytes plus bytes per concurrent user. */
	memoryBaseBytes: number;
	memoryBytesPerUser: number;
	/** Seconds of user-count history the memory quota keeps (it shrinks only after this). */
	memoryLookbackSeconds: number;
	/** The experience's request units per minute: base plus units per concurrent user. */
	requestUnitsBase: number;
	requestUnitsPerUser: number;
	/** Request units per minute on one partition. */
	partitionUnitsPerMinute: number;
	/** Partitions a hash map's keys spread over; a sorted map or a queue lives on one. */
	partitions: number;
	/** Items and bytes in one sorted map or queue. */
	structureItems: number;
	structureBytes: number;
	/** Items one ReadAsync may ask for, one GetRangeAsync, one ListItemsAsync page. */
	readCount: number;
	rangeCount: number;
	listCount: number;
	/** Seconds between ReadAsync's attempts while it waits for items (each costs a unit). */
	readPollSeconds: number;
	/** Invisibility timeout of a queue when GetQueue is given none. */
	defaultInvisibility: number;
	/** Times UpdateAsync runs a transform on contention before it gives up (UpdateConflict). */
	updateAttempts: number;
}

// https://create.roblox.com/docs/cloud-services/memory-stores (Limits and quotas; status codes),
// https://create.roblox.com/docs/cloud-services/memory-stores/hash-map,
// https://create.roblox.com/docs/cloud-services/memory-stores/sorted-map,
// https://create.roblox.com/docs/cloud-services/memory-stores/per-partition-limits,
// https://create.roblox.com/docs/reference/engine/classes/MemoryStoreQueue,
// https://create.roblox.com/docs/reference/engine/classes/MemoryStoreSortedMap,
// https://create.roblox.com/docs/reference/engine/classes/MemoryStoreHashMap,
// https://create.roblox.com/docs/reference/engine/classes/MemoryStoreService
export const MEMORY_STORE_LIMITS: MemoryStoreLimits = {
	// hash-map and sorted-map pages: "a key size limit of 128 characters" (sort keys too).
	keyLength: 128,
	// memory-stores: ItemValueSizeTooLarge, "Value size exceeds limit (32KB)".
	valueBytes: 32 * KB,
	// memory-stores: InvalidExpirationTime, "between 0 and 3,888,000" (45 days).
	maxExpiration: 3_888_000,
	// memory-stores, Memory size quota: "64 KB + 1.2 KB * [number of users]", game-wide; when users
	// leave, "a traceback period of eight days before the quota reevaluates to a lower value".
	memoryBaseBytes: 64 * KB,
	memoryBytesPerUser: 1.2 * KB,
	memoryLookbackSeconds: 8 * 24 * 3600,
	// memory-stores, API request limits: "1000 + 120 * [number of concurrent users]" units a minute.
	requestUnitsBase: 1000,
	requestUnitsPerUser: 120,
	// per-partition-limits: the exact limit "fluctuates"; the page's example is 50,000 a minute.
	partitionUnitsPerMinute: 50_000,
	// per-partition-limits: a hash map is spread over several partitions; the count is not
	// documented, so eight stand in for "many".
	partitions: 8,
	// memory-stores, Data structure size limits: 1,000,000 items, 100 MB per sorted map or queue.
	structureItems: 1_000_000,
	structureBytes: 100 * MB,
	// MemoryStoreQueue:ReadAsync count ≤ 100; MemoryStoreSortedMap:GetRangeAsync count ≤ 200;
	// MemoryStoreHashMap:ListItemsAsync "The valid range is 1 to 200 inclusive".
	readCount: 100,
	rangeCount: 200,
	listCount: 200,
	// MemoryStoreQueue:ReadAsync: "Reads are attempted every two seconds"; memory-stores: an
	// additional unit "every two seconds while reading".
	readPollSeconds: 2,
	// MemoryStoreService:GetQueue: invisibilityTimeout "defaults to 30 seconds".
	defaultInvisibility: 30,
	// hash-map page: on contention UpdateAsync retries until "the maximum number of retries is
	// reached", then fails with a conflict. The number is not documented, so the stand-in does not
	// invent one: it retries as long as servers contend (three servers leasing one key back to
	// back take up to eight attempts), and a spec that wants the conflict sets a number here or
	// raises it with faults.failNext(n, "UpdateConflict").
	updateAttempts: math.huge,
};

export interface DataStoreLimits {
	/** Characters in a data store name, a scope, a key. */
	nameLength: number;
	/** Characters of a value serialized to JSON. */
	valueLength: number;
	/** Requests a throttle queue holds before it drops more. */
	queueLength: number;
	/** Per-server requests a minute by request type: base + per player. */
	server: Record<DataStoreRequestKind, { base: number; perPlayer: number }>;
	/** Experience requests a minute by request type: base + per concurrent user. */
	experience: Record<DataStoreRequestKind, { base: number; perUser: number }>;
	/** Bytes a minute one key may be read and written, each request rounded up to a kilobyte. */
	keyReadBytes: number;
	keyWriteBytes: number;
	/** Seconds GetAsync serves a key from this server's cache. */
	cacheSeconds: number;
}

export type DataStoreRequestKind = "StandardRead" | "StandardWrite" | "StandardList" | "StandardRemove";

// https://create.roblox.com/docs/cloud-services/data-stores/error-codes-and-limits (Limits: queues,
// Experience limits, Server limits, Data limits, Throughput limits),
// https://create.roblox.com/docs/cloud-services/data-stores/versioning-listing-and-caching (Caching),
// https://create.roblox.com/docs/reference/engine/classes/GlobalDataStore (GetAsync, UpdateAsync)
export const DATA_STORE_LIMITS: DataStoreLimits = {
	// Data limits: data store name, key name and scope 50 characters each.
	nameLength: 50,
	// Data limits: "Data (key value) 4,194,304 per key" characters.
	valueLength: 4_194_304,
	// Limits: "Each queue has a limit of 30 requests", then errors 301-306.
	queueLength: 30,
	// Server limits (the defaults when SetRateLimitForRequestType is not called).
	server: {
		StandardRead: { base: 60, perPlayer: 40 },
		StandardWrite: { base: 60, perPlayer: 40 },
		StandardList: { base: 5, perPlayer: 2 },
		StandardRemove: { base: 60, perPlayer: 40 },
	},
	// Experience limits, standard data stores (shared with Open Cloud).
	experience: {
		StandardRead: { base: 300, perUser: 40 },
		StandardWrite: { base: 300, perUser: 20 },
		StandardList: { base: 300, perUser: 2 },
		StandardRemove: { base: 300, perUser: 40 },
	},
	// Throughput limits: read 25 MB, write 4 MB a minute per key, rounded up per kilobyte.
	keyReadBytes: 25 * MB,
	keyWriteBytes: 4 * MB,
	// GlobalDataStore:GetAsync: "Keys are cached locally for 4 seconds after the first read".
	cacheSeconds: 4,
};
