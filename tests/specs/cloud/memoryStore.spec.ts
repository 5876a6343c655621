// The MemoryStoreService stand-in (tests/cloud) on a virtual clock: each documented limit refuses
// with the engine's error name, the quotas follow the experience's users, items expire, values
// are stored serialized, UpdateAsync behaves as documented (also under contention), queues hide
// and bring back what they hand out, and the faults a spec switches on reach the caller.
import { CloudExperience, type CloudOptions } from "../../cloud";
import type { QueueStandIn } from "../../cloud/memoryStore";
import { raisedName, settleCall, startCall } from "../helpers/cloud";
import { VirtualScheduler } from "../helpers/virtualScheduler";

function setup(options: CloudOptions = {}) {
	const scheduler = new VirtualScheduler();
	const cloud = new CloudExperience({ scheduler, ...options });
	const server = cloud.server();
	const service = server.MemoryStoreService;
	const call = <T>(body: () => T) => settleCall(scheduler, body);
	return { scheduler, cloud, server, service, map: service.GetHashMap("map"), call };
}

/** ReadAsync's two results as one value (a call's outcome keeps only the first). */
function read(queue: QueueStandIn, count: number, allOrNothing = false, waitTimeout = 0) {
	const [items, id] = queue.ReadAsync(count, allOrNothing, waitTimeout);
	return { items: items as Array<string>, id };
}

export = () => {
	describe("limits", () => {
		it("takes keys of up to 128 characters and refuses longer or empty ones with InvalidRequest", () => {
			const { map, call, service } = setup();
			expect(call(() => map.SetAsync("k".rep(128), 1, 60)).ok).to.equal(true);
			expect(raisedName(call(() => map.SetAsync("k".rep(129), 1, 60)))).to.equal("InvalidRequest");
			expect(raisedName(call(() => map.GetAsync("k".rep(129))))).to.equal("InvalidRequest");
			expect(raisedName(call(() => map.UpdateAsync("k".rep(129), () => 1, 60)))).to.equal("InvalidRequest");
			expect(raisedName(call(() => map.RemoveAsync("")))).to.equal("InvalidRequest");
			const sorted = service.GetSortedMap("sorted");
			expect(raisedName(call(() => sorted.SetAsync("k".rep(129), 1, 60)))).to.equal("InvalidRequest");
			expect(raisedName(call(() => sorted.SetAsync("k", 1, 60, "s".rep(129))))).to.equal("InvalidRequest");
		});

		it("takes values of up to 32 KB of JSON and refuses larger ones with ItemValueSizeTooLarge", () => {
			const { map, call, service } = setup();
			// A string's JSON is the string and two quotes.
			expect(call(() => map.SetAsync("fits", "x".rep(32 * 1024 - 2), 60)).ok).to.equal(true);
			expect(raisedName(call(() => map.SetAsync("over", "x".rep(32 * 1024 - 1), 60)))).to.equal("ItemValueSizeTooLarge");
			expect(raisedName(call(() => map.UpdateAsync("over", () => "x".rep(32 * 1024 - 1), 60)))).to.equal("ItemValueSizeTooLarge");
			expect(raisedName(call(() => service.GetQueue("q").AddAsync("x".rep(32 * 1024 - 1), 60)))).to.equal("ItemValueSizeTooLarge");
			expect(call(() => map.GetAsync("over")).value).to.equal(undefined);
		});

		it("refuses a value that has no JSON form with InvalidRequest", () => {
			const { map, call } = setup();
			const outcome = call(() => map.SetAsync("f", { run: () => undefined }, 60));
			expect(raisedName(outcome)).to.equal("InvalidRequest");
			expect(outcome.error.find("Unable to convert value to json", 1, true)[0]).to.be.ok();
		});

		it("takes expirations from 1 second to 45 days and refuses others with InvalidExpirationTime", () => {
			const { map, call, service } = setup();
			expect(call(() => map.SetAsync("long", 1, 3_888_000)).ok).to.equal(true);
			expect(raisedName(call(() => map.SetAsync("longer", 1, 3_888_001)))).to.equal("InvalidExpirationTime");
			expect(raisedName(call(() => map.SetAsync("none", 1, 0)))).to.equal("InvalidExpirationTime");
			expect(raisedName(call(() => map.UpdateAsync("longer", () => 1, 3_888_001)))).to.equal("InvalidExpirationTime");
			expect(raisedName(call(() => service.GetQueue("q").AddAsync(1, -5)))).to.equal("InvalidExpirationTime");
		});

		it("lets an item vanish when it expires, freeing its memory", () => {
			const { map, call, cloud, scheduler } = setup();
			call(() => map.SetAsync("brief", "value", 10));
			expect(cloud.memory.figures().items).to.equal(1);
			scheduler.advance(8);
			expect(call(() => map.GetAsync("brief")).value).to.equal("value");
			scheduler.advance(3);
			expect(call(() => map.GetAsync("brief")).value).to.equal(undefined);
			expect(cloud.memory.figures().items).to.equal(0);
			expect(cloud.memory.figures().bytes).to.equal(0);
		});
	});

	describe("memory quota", () => {
		it("is 64 KB with no users; a write that grows memory past it fails with TotalMemoryOverLimit, one that shrinks it succeeds", () => {
			const { map, call, cloud } = setup();
			expect(cloud.memory.figures().quotaBytes).to.equal(64 * 1024);
			const value = "x".rep(10_000);
			for (let i = 1; i <= 6; i++) expect(call(() => map.SetAsync(`k${i}`, value, 600)).ok).to.equal(true);
			const full = call(() => map.SetAsync("k7", value, 600));
			expect(raisedName(full)).to.equal("TotalMemoryOverLimit");
			expect(raisedName(call(() => map.UpdateAsync("k1", () => value + value, 600)))).to.equal("TotalMemoryOverLimit");
			expect(call(() => map.SetAsync("k1", "small", 600)).ok).to.equal(true);
			expect(call(() => map.RemoveAsync("k2")).ok).to.equal(true);
			expect(call(() => map.SetAsync("k7", value, 600)).ok).to.equal(true);
			expect(cloud.memory.figures().peakBytes <= 64 * 1024).to.equal(true);
		});

		it("grows by 1.2 KB per concurrent user at once, and shrinks only after eight days", () => {
			const { cloud, scheduler, server } = setup();
			server.setPlayers(10);
			expect(cloud.memory.figures().quotaBytes).to.equal(64 * 1024 + 12_288);
			server.setPlayers(0);
			scheduler.advance(7 * 24 * 3600);
			expect(cloud.memory.figures().quotaBytes).to.equal(64 * 1024 + 12_288);
			scheduler.advance(24 * 3600 + 1);
			expect(cloud.memory.figures().quotaBytes).to.equal(64 * 1024);
			cloud.setConcurrentUsers(100);
			expect(cloud.memory.figures().quotaBytes).to.equal(64 * 1024 + 122_880);
		});
	});

	describe("request units", () => {
		it("allows 1,000 a minute with no users, then fails with TotalRequestsOverLimit until the minute has passed", () => {
			const { map, call, scheduler } = setup();
			const outcome = call(() => {
				for (let i = 0; i < 1000; i++) map.GetAsync("k");
				return map.GetAsync("k");
			});
			expect(raisedName(outcome)).to.equal("TotalRequestsOverLimit");
			scheduler.advance(60);
			expect(call(() => map.GetAsync("k")).ok).to.equal(true);
		});

		it("allows 1,000 + 120 per concurrent user, shared by every server", () => {
			const { cloud, call } = setup();
			cloud.setConcurrentUsers(10);
			expect(cloud.memory.figures().unitsPerMinute).to.equal(2200);
			const other = cloud.server().MemoryStoreService.GetHashMap("map");
			const first = cloud.server().MemoryStoreService.GetHashMap("map");
			const outcome = call(() => {
				for (let i = 0; i < 1100; i++) first.GetAsync("k");
				for (let i = 0; i < 1100; i++) other.GetAsync("k");
				return other.GetAsync("k");
			});
			expect(raisedName(outcome)).to.equal("TotalRequestsOverLimit");
		});

		it("charges what the docs say each call costs", () => {
			const { call, cloud, service, map, scheduler } = setup();
			call(() => map.UpdateAsync("counter", () => 1, 60));
			const sorted = service.GetSortedMap("sorted");
			call(() => {
				for (const key of ["a", "b", "c"]) sorted.SetAsync(key, key, 60);
			});
			call(() => sorted.GetRangeAsync(Enum.SortDirection.Ascending, 10));
			call(() => sorted.GetRangeAsync(Enum.SortDirection.Ascending, 10, { key: "c" }));
			const queue = service.GetQueue("q");
			call(() => {
				queue.AddAsync("one", 60);
				queue.AddAsync("two", 60);
			});
			call(() => queue.ReadAsync(5, false, 0));
			const waited = startCall(() => service.GetQueue("empty").ReadAsync(1, false, 4));
			scheduler.runUntil(() => waited.done, 10, 0.01);
			call(() => map.ListItemsAsync(10));
			const units = (method: string) => cloud.memory.figures().byMethod.get(method)!.units;
			// Hash map UpdateAsync: at least two units.
			expect(units("HashMap.UpdateAsync")).to.equal(2);
			// GetRangeAsync: one per item returned, one for an empty answer: 3 + 1.
			expect(units("SortedMap.GetRangeAsync")).to.equal(4);
			// ReadAsync: two items (2), then an empty read that waited four seconds (1 + 2).
			expect(units("Queue.ReadAsync")).to.equal(5);
			// ListItemsAsync: the partitions scanned plus the items returned.
			expect(units("HashMap.ListItemsAsync")).to.equal(cloud.memory.limits.partitions + 1);
			expect(units("SortedMap.SetAsync")).to.equal(3);
		});

		it("limits one partition: a queue reaches PartitionRequestsOverLimit where a hash map's keys spread out", () => {
			const { call, service, map, scheduler } = setup({ memoryStore: { partitionUnitsPerMinute: 20 } });
			const queue = service.GetQueue("q");
			const outcome = call(() => {
				for (let i = 0; i < 20; i++) queue.GetSizeAsync();
				return queue.GetSizeAsync();
			});
			expect(raisedName(outcome)).to.equal("PartitionRequestsOverLimit");
			scheduler.advance(60);
			const spread = call(() => {
				for (let i = 0; i < 40; i++) map.SetAsync(`key${i}`, i, 60);
			});
			expect(spread.ok).to.equal(true);
		});

		it("limits the items and bytes in one sorted map or queue (DataStructureItemsOverLimit, DataStructureMemoryOverLimit)", () => {
			const { call, service } = setup({ memoryStore: { structureItems: 2, structureBytes: 1000 } });
			const queue = service.GetQueue("q");
			call(() => {
				queue.AddAsync(1, 60);
				queue.AddAsync(2, 60);
			});
			expect(raisedName(call(() => queue.AddAsync(3, 60)))).to.equal("DataStructureItemsOverLimit");
			const sorted = service.GetSortedMap("s");
			expect(raisedName(call(() => sorted.SetAsync("big", "x".rep(1000), 60)))).to.equal("DataStructureMemoryOverLimit");
			expect(raisedName(call(() => service.GetSortedMap("s").GetRangeAsync("Ascending", 201)))).to.equal("InvalidRequest");
		});
	});

	describe("values and UpdateAsync", () => {
		it("stores a serialized copy: later changes to the caller's table do not reach the store", () => {
			const { map, call } = setup();
			const value = { count: 1, tags: ["a"] };
			call(() => map.SetAsync("k", value, 60));
			value.count = 99;
			value.tags.push("b");
			const read = call(() => map.GetAsync("k")).value as { count: number; tags: Array<string> };
			expect(read.count).to.equal(1);
			expect(read.tags.size()).to.equal(1);
			read.count = 5;
			expect((call(() => map.GetAsync("k")).value as { count: number }).count).to.equal(1);
		});

		it("returns what the transform returned, and nil (leaving the value) when it cancels", () => {
			const { map, call } = setup();
			expect(call(() => map.UpdateAsync("k", (current) => ((current as number | undefined) ?? 0) + 1, 60)).value).to.equal(1);
			expect(call(() => map.UpdateAsync("k", () => undefined, 60)).value).to.equal(undefined);
			expect(call(() => map.GetAsync("k")).value).to.equal(1);
		});

		it("fails with TransformCallbackFailed when the transform errors or yields", () => {
			const { map, call } = setup();
			expect(raisedName(call(() => map.UpdateAsync("k", () => error("boom"), 60)))).to.equal("TransformCallbackFailed");
			const yielding = call(() =>
				map.UpdateAsync(
					"k",
					() => {
						coroutine.yield();
						return 1;
					},
					60,
				),
			);
			expect(raisedName(yielding)).to.equal("TransformCallbackFailed");
			expect(call(() => map.GetAsync("k")).value).to.equal(undefined);
		});

		it("keeps every update when servers update one key at once, running transforms again on the newer value", () => {
			const { cloud, scheduler } = setup();
			const maps = [1, 2, 3, 4, 5].map(() => cloud.server().MemoryStoreService.GetHashMap("shared"));
			const runs = new Array<number>();
			const calls = maps.map((map, index) =>
				startCall(() =>
					map.UpdateAsync(
						"counter",
						(current) => {
							runs.push(index);
							return ((current as number | undefined) ?? 0) + 1;
						},
						60,
					),
				),
			);
			scheduler.runUntil(() => calls.every((outcome) => outcome.done), 10, 0.01);
			expect(calls.every((outcome) => outcome.ok)).to.equal(true);
			expect(cloud.memory.peek("shared", "counter")).to.equal(5);
			expect(runs.size() > 5).to.equal(true);
			expect(cloud.memory.figures().reruns).to.equal(runs.size() - 5);
		});

		it("runs a transform again when a spec forces it, writing once", () => {
			const { map, call, cloud } = setup();
			cloud.memory.faults.rerunNext(1);
			let runs = 0;
			const outcome = call(() =>
				map.UpdateAsync(
					"k",
					(current) => {
						runs += 1;
						return ((current as number | undefined) ?? 0) + 1;
					},
					60,
				),
			);
			expect(outcome.value).to.equal(1);
			expect(runs).to.equal(2);
		});

		it("gives up with UpdateConflict after the attempts a spec allows", () => {
			const { map, call, cloud } = setup({ memoryStore: { updateAttempts: 2 } });
			cloud.memory.faults.rerunNext(2);
			expect(raisedName(call(() => map.UpdateAsync("k", () => 1, 60)))).to.equal("UpdateConflict");
			expect(call(() => map.GetAsync("k")).value).to.equal(undefined);
		});
	});

	describe("queues", () => {
		it("hands out the highest priority first, then the oldest", () => {
			const { service, call } = setup();
			const queue = service.GetQueue("q");
			call(() => {
				queue.AddAsync("first", 60);
				queue.AddAsync("second", 60);
				queue.AddAsync("urgent", 60, 5);
			});
			expect(call(() => read(queue, 3)).value!.items.join(",")).to.equal("urgent,first,second");
		});

		it("hides what it handed out for the invisibility timeout, then hands it out again unless removed", () => {
			const { service, call, scheduler } = setup();
			const queue = service.GetQueue("q", 10);
			call(() => queue.AddAsync("job", 60));
			const first = call(() => read(queue, 1)).value!;
			expect(first.items[0]).to.equal("job");
			expect(call(() => read(queue, 1)).value!.items.size()).to.equal(0);
			scheduler.advance(11);
			// Too late: the invisibility ran out, so the id removes nothing.
			call(() => queue.RemoveAsync(first.id!));
			expect(call(() => queue.GetSizeAsync()).value).to.equal(1);
			const again = call(() => read(queue, 1)).value!;
			expect(again.items[0]).to.equal("job");
			call(() => queue.RemoveAsync(again.id!));
			expect(call(() => queue.GetSizeAsync()).value).to.equal(0);
		});

		it("keeps each GetQueue's invisibility timeout, defaulting to 30 seconds", () => {
			const { service, call, scheduler } = setup();
			call(() => service.GetQueue("q").AddAsync("job", 600));
			call(() => read(service.GetQueue("q"), 1));
			scheduler.advance(29);
			expect(call(() => read(service.GetQueue("q", 5), 1)).value!.items.size()).to.equal(0);
			scheduler.advance(2);
			call(() => read(service.GetQueue("q", 5), 1));
			scheduler.advance(6);
			expect(call(() => service.GetQueue("q").GetSizeAsync(true)).value).to.equal(1);
		});

		it("reads all or nothing when asked, and waits for items up to waitTimeout, looking every two seconds", () => {
			const { service, call, scheduler } = setup();
			const queue = service.GetQueue("q");
			call(() => queue.AddAsync("one", 60));
			const none = call(() => read(queue, 2, true)).value!;
			expect(none.items.size()).to.equal(0);
			expect(none.id).to.equal(undefined);
			call(() => read(queue, 1));
			const waiting = startCall(() => read(queue, 1, false, 10));
			scheduler.advance(3);
			expect(waiting.done).to.equal(false);
			call(() => queue.AddAsync("two", 60));
			scheduler.runUntil(() => waiting.done, 10, 0.01);
			expect(waiting.value!.items[0]).to.equal("two");
			expect(scheduler.now() > 3.9).to.equal(true);
			expect(raisedName(call(() => queue.ReadAsync(101, false, 0)))).to.equal("InvalidRequest");
		});
	});

	describe("sorted maps", () => {
		it("orders numeric sort keys, then string sort keys, then none, ties by key, within exclusive bounds", () => {
			const { service, call } = setup();
			const sorted = service.GetSortedMap("board");
			call(() => {
				sorted.SetAsync("player3", 3, 60, 3.14);
				sorted.SetAsync("player0", 0, 60);
				sorted.SetAsync("player5", 5, 60, 1);
				sorted.SetAsync("player4", 4, 60, 1);
				sorted.SetAsync("player6", 6, 60, "someString");
				sorted.SetAsync("player1", 1, 60, -1);
			});
			const keys = (items: Array<{ key: string }>) => items.map((item) => item.key).join(",");
			expect(keys(call(() => sorted.GetRangeAsync(Enum.SortDirection.Ascending, 10)).value!)).to.equal(
				"player1,player4,player5,player3,player6,player0",
			);
			expect(keys(call(() => sorted.GetRangeAsync(Enum.SortDirection.Descending, 2)).value!)).to.equal("player0,player6");
			const between = call(() =>
				sorted.GetRangeAsync(Enum.SortDirection.Ascending, 10, { sortKey: 1, key: "player4" }, { sortKey: "someString" }),
			).value!;
			expect(keys(between)).to.equal("player5,player3");
			const entry = call(() => {
				const [value, sortKey] = sorted.GetAsync("player3");
				return { value, sortKey };
			}).value!;
			expect(entry.value).to.equal(3);
			expect(entry.sortKey).to.equal(3.14);
			expect(raisedName(call(() => sorted.SetAsync("bad", 1, 60, {} as unknown as string)))).to.equal("InvalidRequest");
		});
	});

	describe("calls and faults", () => {
		it("yields for a round trip before answering", () => {
			const { map, scheduler } = setup();
			const outcome = startCall(() => map.GetAsync("k"));
			expect(outcome.done).to.equal(false);
			scheduler.advance(0.05);
			expect(outcome.done).to.equal(true);
		});

		it("fails every call with InternalError during an outage, and recovers after it", () => {
			const { map, call, cloud, scheduler } = setup();
			cloud.memory.faults.outage(30);
			expect(raisedName(call(() => map.GetAsync("k")))).to.equal("InternalError");
			expect(raisedName(call(() => cloud.server().MemoryStoreService.GetQueue("q").AddAsync(1, 60)))).to.equal("InternalError");
			scheduler.advance(31);
			expect(call(() => map.GetAsync("k")).ok).to.equal(true);
		});

		it("throttles every call with RequestThrottled while forced, and fails the next N calls with a named error", () => {
			const { map, call, cloud, scheduler } = setup();
			cloud.memory.faults.throttle(5);
			expect(raisedName(call(() => map.SetAsync("k", 1, 60)))).to.equal("RequestThrottled");
			scheduler.advance(6);
			cloud.memory.faults.failNext(2, "TotalRequestsOverLimit");
			expect(raisedName(call(() => map.GetAsync("k")))).to.equal("TotalRequestsOverLimit");
			expect(raisedName(call(() => map.GetAsync("k")))).to.equal("TotalRequestsOverLimit");
			expect(call(() => map.GetAsync("k")).ok).to.equal(true);
			expect(cloud.memory.figures().errors.get("TotalRequestsOverLimit")).to.equal(2);
		});

		it("adds latency a spec asks for", () => {
			const { map, cloud, scheduler } = setup();
			cloud.memory.faults.latency = 2;
			const outcome = startCall(() => map.GetAsync("k"));
			scheduler.advance(0.9);
			expect(outcome.done).to.equal(false);
			scheduler.advance(3);
			expect(outcome.done).to.equal(true);
		});

		it("counts calls and units by method and structure, and bytes and items stored now and at peak", () => {
			const { map, call, cloud } = setup();
			call(() => {
				map.SetAsync("a", "x".rep(100), 60);
				map.SetAsync("b", "y".rep(100), 60);
				map.RemoveAsync("a");
			});
			const figures = cloud.memory.figures();
			expect(figures.calls).to.equal(3);
			expect(figures.byStructure.get("HashMap:map")!.calls).to.equal(3);
			expect(figures.byMethod.get("HashMap.SetAsync")!.units).to.equal(2);
			expect(figures.items).to.equal(1);
			expect(figures.bytes).to.equal(1 + 102);
			expect(figures.peakBytes).to.equal(2 * (1 + 102));
		});

		it("counts calls and units by item key, an UpdateAsync run again included", () => {
			const { map, call, cloud } = setup();
			cloud.memory.countsKeys = true;
			cloud.memory.faults.rerunNext(1);
			call(() => {
				map.SetAsync("a", 1, 60);
				map.UpdateAsync("a", (value) => (value as number) + 1, 60);
				map.GetAsync("b");
			});
			const keys = cloud.memory.figures().byKey.get("HashMap:map")!;
			expect(keys.get("a")!.calls).to.equal(2);
			// SetAsync 1, UpdateAsync 2 and 1 more for the second try.
			expect(keys.get("a")!.units).to.equal(4);
			expect(keys.get("b")!.calls).to.equal(1);
		});
	});
};
