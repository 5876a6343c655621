/**
 * A map kept in many small tables instead of one, for maps that hold an entry per queued action
 * or per member with work: a deep queue puts 100,000 entries in them.
 *
 * Luau's collector is incremental, but it marks a table in one step: `propagatemark` traverses
 * the whole of a table's array and hash parts before the program runs on
 * (https://github.com/luau-lang/luau/blob/master/VM/src/lgc.cpp). A map of 100,000 entries is
 * one step of about 7 ms (Lune 0.10, measured here), paid by whatever code allocates when it
 * comes due, once per collector cycle and again when the table is written to after it was
 * marked; several such steps in one frame make a long frame. A table also grows by doubling:
 * the insert that fills it rehashes every entry at once (about 10 ms at 65,536 entries).
 * Spread over small tables, each step and each rehash stays small.
 *
 * A string key picks its table by its last two characters (ids and lane names vary most at the
 * end: a GUID's last two hex digits, a user id's last two digits); a number key by its value
 * modulo NUMBER_SHARDS. Keys that all end the same still work: they share one table.
 */
const NUMBER_SHARDS = 1024;

function shardOf(key: string | number): number {
	if (typeIs(key, "number")) return key % NUMBER_SHARDS;
	const [before, last] = string.byte(key, -2, -1);
	// A one-character key gives one byte, an empty one none.
	return last === undefined ? (before ?? 0) : before * 256 + last;
}

export class ShardedMap<K extends string | number, V extends defined> {
	private readonly shards = new Map<number, Map<K, V>>();
	private count = 0;

	get(key: K): V | undefined {
		return this.shards.get(shardOf(key))?.get(key);
	}

	/** get() and set() in one: the value at `key`, or `make()`'s, stored there. */
	getOrSet(key: K, make: (key: K) => V): V {
		const shard = this.shardFor(key);
		let value = shard.get(key);
		if (value === undefined) {
			value = make(key);
			shard.set(key, value);
			this.count += 1;
		}
		return value;
	}

	has(key: K): boolean {
		return this.get(key) !== undefined;
	}

	set(key: K, value: V) {
		const shard = this.shardFor(key);
		if (shard.get(key) === undefined) this.count += 1;
		shard.set(key, value);
	}

	/** Removes `key`; whether it was there. */
	delete(key: K): boolean {
		const shard = this.shards.get(shardOf(key));
		if (shard === undefined || shard.get(key) === undefined) return false;
		shard.delete(key);
		this.count -= 1;
		return true;
	}

	size(): number {
		return this.count;
	}

	/** The table `key` belongs in, made if it has none yet. */
	private shardFor(key: K): Map<K, V> {
		const index = shardOf(key);
		let shard = this.shards.get(index);
		if (shard === undefined) {
			shard = new Map();
			this.shards.set(index, shard);
		}
		return shard;
	}

	/** Visits every entry, in no particular order (`visit` may delete the entry it is given). */
	forEach(visit: (value: V, key: K) => void) {
		for (const [, shard] of this.shards) for (const [key, value] of shard) visit(value, key);
	}
}
