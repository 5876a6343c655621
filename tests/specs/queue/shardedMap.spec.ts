// The map the queue keeps its lanes and unfinished actions in: it acts as a Map, and a deep
// queue's entries are spread over small tables (the collector marks a table in one step).
import { HttpService } from "@rbxts/services";
import { ShardedMap } from "../../../src/core/shardedMap";

/** The largest table a map keeps its entries in. */
function largestShard<K extends string | number, V extends defined>(map: ShardedMap<K, V>): number {
	const shards = (map as unknown as { shards: Map<number, Map<K, V>> }).shards;
	let largest = 0;
	for (const [, shard] of shards) largest = math.max(largest, shard.size());
	return largest;
}

export = () => {
	it("gets, sets, replaces and deletes like a Map, for string and number keys", () => {
		const map = new ShardedMap<string | number, string>();
		map.set("user:1", "a");
		map.set("user:21", "b");
		map.set(12, "c");
		map.set("x", "one character");
		map.set("", "empty");
		expect(map.get("user:1")).to.equal("a");
		expect(map.get("user:21")).to.equal("b");
		expect(map.get(12)).to.equal("c");
		expect(map.get("x")).to.equal("one character");
		expect(map.get("")).to.equal("empty");
		expect(map.get("user:11")).to.equal(undefined);
		expect(map.has(12)).to.equal(true);
		expect(map.has(13)).to.equal(false);
		expect(map.size()).to.equal(5);

		map.set("user:1", "replaced");
		expect(map.get("user:1")).to.equal("replaced");
		expect(map.size()).to.equal(5);

		expect(map.delete("user:21")).to.equal(true);
		expect(map.delete("user:21")).to.equal(false);
		expect(map.delete(99)).to.equal(false);
		expect(map.get("user:21")).to.equal(undefined);
		expect(map.size()).to.equal(4);
	});

	it("makes a value only for a key it does not have", () => {
		const map = new ShardedMap<string, { name: string }>();
		let made = 0;
		const make = (name: string) => {
			made += 1;
			return { name };
		};
		const first = map.getOrSet("user:7", make);
		expect(first.name).to.equal("user:7");
		expect(map.getOrSet("user:7", make)).to.equal(first);
		expect(made).to.equal(1);
		expect(map.size()).to.equal(1);
	});

	it("visits every entry once, and lets the visit delete what it is given", () => {
		const map = new ShardedMap<string, number>();
		for (let i = 1; i <= 500; i++) map.set(`user:${i}`, i);
		let sum = 0;
		let visits = 0;
		map.forEach((value, key) => {
			visits += 1;
			sum += value;
			if (value % 2 === 0) map.delete(key);
		});
		expect(visits).to.equal(500);
		expect(sum).to.equal((500 * 501) / 2);
		expect(map.size()).to.equal(250);
		expect(map.get("user:2")).to.equal(undefined);
		expect(map.get("user:3")).to.equal(3);
	});

	it("keeps 100,000 lane names, ids and user ids in tables of about a thousand entries at most", () => {
		const lanes = new ShardedMap<string, boolean>();
		const ids = new ShardedMap<string, boolean>();
		const users = new ShardedMap<number, boolean>();
		for (let i = 1; i <= 100_000; i++) {
			const userId = 1_000_000 + i * 7;
			lanes.set(`user:${userId}`, true);
			ids.set(HttpService.GenerateGUID(false), true);
			users.set(userId, true);
		}
		expect(lanes.size()).to.equal(100_000);
		expect(ids.size()).to.equal(100_000);
		expect(users.size()).to.equal(100_000);
		// Lane names end in two of ten digits (100 tables), GUIDs in two of sixteen hex digits (256).
		expect(largestShard(lanes) <= 1_100).to.equal(true);
		expect(largestShard(ids) <= 600).to.equal(true);
		expect(largestShard(users) <= 200).to.equal(true);
	});
};
