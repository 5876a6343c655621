// RankBridge's store adapters (src/roblox/memoryStore.ts, dataStore.ts) over the engine stand-ins
// on a virtual clock: the SharedMap and DurableStore semantics the core relies on,
// and every engine error turned into a RankError with the engine's name as its code and the
// kind that says whether retrying can help.
import { ErrorKind, RankError } from "../../../src/core/errors";
import type { Future } from "../../../src/core/future";
import { StoreErrorCode } from "../../../src/core/stores";
import { cloudErrorName } from "../../../src/roblox/cloudErrors";
import { dataStore } from "../../../src/roblox/dataStore";
import { engineCall } from "../../../src/roblox/engineCall";
import { memoryStores } from "../../../src/roblox/memoryStore";
import { CloudExperience, type CloudOptions } from "../../cloud";
import { contains } from "../helpers/rejection";
import { VirtualScheduler } from "../helpers/virtualScheduler";

function setup(options: CloudOptions = {}) {
	const scheduler = new VirtualScheduler();
	const cloud = new CloudExperience({ scheduler, ...options });
	const server = cloud.server();
	const stores = memoryStores("spec", server.MemoryStoreService);
	const durable = dataStore("spec", server.DataStoreService);
	/** Waits (in virtual time) for a call; its value, or the RankError it rejected with. */
	const settle = <T>(call: Future<T>) => {
		let outcome: { ok: boolean; value: unknown } | undefined;
		call.listen((ok, value) => (outcome = { ok, value }));
		scheduler.runUntil(() => outcome !== undefined, 120, 0.01);
		const { ok, value } = outcome!;
		return { ok, value: ok ? (value as T) : undefined, error: ok ? undefined : (value as RankError) };
	};
	return { scheduler, cloud, server, map: stores.map, durable, settle };
}

export = () => {
	describe("SharedMap over MemoryStore", () => {
		it("resolves update with what the transform returned, and undefined (leaving the value) when it cancels", () => {
			const { map, settle } = setup();
			expect(settle(map.update<number>("k", (current) => (current ?? 0) + 1, 60)).value).to.equal(1);
			expect(settle(map.update<number>("k", () => undefined, 60)).value).to.equal(undefined);
			expect(settle(map.get<number>("k")).value).to.equal(1);
		});

		it("sets, gets and removes, and a value vanishes after its time to live", () => {
			const { map, settle, scheduler } = setup();
			settle(map.set("k", { n: 1 }, 10));
			expect(settle(map.get<{ n: number }>("k")).value!.n).to.equal(1);
			settle(map.remove("k"));
			expect(settle(map.get("k")).value).to.equal(undefined);
			settle(map.set("brief", true, 0.5));
			scheduler.advance(1.1);
			expect(settle(map.get("brief")).value).to.equal(undefined);
		});

		it("rejects a key over 128 characters or a value over 32 KB with InvalidRequest, naming the engine's error", () => {
			const { map, settle } = setup();
			const key = settle(map.set("k".rep(129), 1, 60)).error!;
			expect(key.kind).to.equal(ErrorKind.InvalidRequest);
			expect(key.code).to.equal("InvalidRequest");
			expect(contains(key.message, "MemoryStore SetAsync failed")).to.equal(true);
			const value = settle(map.update("k", () => "x".rep(40_000), 60)).error!;
			expect(value.kind).to.equal(ErrorKind.InvalidRequest);
			expect(value.code).to.equal(StoreErrorCode.ValueTooLarge);
		});

		it("rejects a write to a full memory quota with QuotaExhausted and code TotalMemoryOverLimit", () => {
			const { map, settle } = setup();
			for (let i = 0; i < 6; i++) settle(map.set(`k${i}`, "x".rep(10_000), 600));
			const full = settle(map.set("k6", "x".rep(10_000), 600)).error!;
			expect(full.kind).to.equal(ErrorKind.QuotaExhausted);
			expect(full.code).to.equal(StoreErrorCode.MemoryFull);
		});

		it("rejects throttling with RateLimited, an outage or a conflict with Transient, a failing transform with InvalidRequest", () => {
			const { map, settle, cloud, scheduler } = setup({ memoryStore: { updateAttempts: 1 } });
			cloud.memory.faults.failNext(1, "TotalRequestsOverLimit");
			const throttled = settle(map.get("k")).error!;
			expect(throttled.kind).to.equal(ErrorKind.RateLimited);
			expect(throttled.code).to.equal("TotalRequestsOverLimit");
			cloud.memory.faults.outage(5);
			const down = settle(map.get("k")).error!;
			expect(down.kind).to.equal(ErrorKind.Transient);
			expect(down.code).to.equal("InternalError");
			scheduler.advance(6);
			cloud.memory.faults.rerunNext(1);
			const conflict = settle(map.update("k", () => 1, 60)).error!;
			expect(conflict.kind).to.equal(ErrorKind.Transient);
			expect(conflict.code).to.equal("UpdateConflict");
			const broken = settle(map.update("k", () => error("bug"), 60)).error!;
			expect(broken.kind).to.equal(ErrorKind.InvalidRequest);
			expect(broken.code).to.equal("TransformCallbackFailed");
		});
	});

	describe("DurableStore over DataStore", () => {
		it("reads fresh values (not a server's 4-second cache) and resolves update like the map", () => {
			const { cloud, durable, settle } = setup();
			const other = dataStore("spec", cloud.server().DataStoreService);
			settle(durable.set("k", "old"));
			expect(settle(durable.get("k")).value).to.equal("old");
			settle(other.set("k", "new"));
			expect(settle(durable.get("k")).value).to.equal("new");
			expect(settle(durable.update<string>("k", (current) => `${current}!`)).value).to.equal("new!");
			expect(settle(durable.update("k", () => undefined)).value).to.equal(undefined);
			settle(durable.remove("k"));
			expect(settle(durable.get("k")).value).to.equal(undefined);
		});

		it("tells the server's read and write budgets", () => {
			const { durable, settle } = setup();
			expect(durable.budget("read")).to.equal(60);
			settle(durable.update("k", () => 1));
			expect(durable.budget("read")).to.equal(59);
			expect(durable.budget("write")).to.equal(59);
		});

		it("rejects keys over 50 characters and values over 4 MB with InvalidRequest, throttling with RateLimited, an outage with Transient", () => {
			const { durable, settle, cloud } = setup();
			const key = settle(durable.set("k".rep(51), 1)).error!;
			expect(key.kind).to.equal(ErrorKind.InvalidRequest);
			expect(key.code).to.equal("KeyNameLimit");
			const value = settle(durable.set("k", "x".rep(4_194_304))).error!;
			expect(value.kind).to.equal(ErrorKind.InvalidRequest);
			expect(value.code).to.equal("ValueTooLarge");
			cloud.data.faults.throttle(1);
			const throttled = settle(durable.set("k", 1)).error!;
			expect(throttled.kind).to.equal(ErrorKind.RateLimited);
			expect(throttled.code).to.equal("SetAsyncThrottle");
			cloud.data.faults.outage(10);
			const down = settle(durable.get("k")).error!;
			expect(down.kind).to.equal(ErrorKind.Transient);
			expect(down.code).to.equal("InternalServerError");
		});

		it("refuses a namespace that cannot be a DataStore scope", () => {
			const { server } = setup();
			const [ok, raised] = pcall(() => dataStore("n".rep(51), server.DataStoreService));
			expect(ok).to.equal(false);
			expect(RankError.is(raised, ErrorKind.InvalidRequest)).to.equal(true);
		});
	});

	describe("engine calls", () => {
		it("settle on the caller's thread when the engine answers at once, and later, in order, when it yields", () => {
			const heard = new Array<string>();
			const caller = coroutine.running();
			const at = engineCall(
				() => "now",
				(raised) => raised,
			);
			at.listen((ok, value) => heard.push(`${value} ${ok} ${coroutine.running() === caller}`));
			const later = engineCall(
				() => {
					task.wait(0.05);
					return "later";
				},
				(raised) => raised,
			);
			const failed = engineCall(
				() => {
					task.wait(0.1);
					error("refused", 0);
				},
				(raised) => `mapped: ${raised}`,
			);
			later.listen((ok, value) => heard.push(`${value} ${ok}`));
			failed.listen((ok, value) => heard.push(`${value} ${ok}`));
			heard.push("started");
			task.wait(0.3);
			expect(heard.join("; ")).to.equal("now true true; started; later true; mapped: refused false");
		});

		it("keep each call's answer its own when a call starts another before it yields, or answers at once inside one", () => {
			const heard = new Array<string>();
			const outer = engineCall(
				() => {
					// Started (and answered at once) while the outer call is still on its first turn.
					engineCall(
						() => "inner at once",
						(raised) => raised,
					).listen((_, value) => heard.push(tostring(value)));
					const yielding = engineCall(
						() => {
							task.wait(0.05);
							return "inner later";
						},
						(raised) => raised,
					);
					yielding.listen((_, value) => heard.push(tostring(value)));
					return "outer at once";
				},
				(raised) => raised,
			);
			outer.listen((_, value) => heard.push(tostring(value)));
			task.wait(0.2);
			expect(heard.join("; ")).to.equal("inner at once; outer at once; inner later");
		});
	});

	describe("engine error names", () => {
		it("finds the name anywhere in the text, a DataStore number at its start, and nothing in other text", () => {
			expect(cloudErrorName("105: Serialized value exceeds 4MB limit.")).to.equal("ValueTooLarge");
			expect(cloudErrorName("Request failed: Code: DataUpdateConflict, Error: Conflict")).to.equal("DataUpdateConflict");
			expect(cloudErrorName("UpdateConflict: Exceeded max number of retries.")).to.equal("UpdateConflict");
			expect(cloudErrorName("HTTP 500 (Internal Server Error)")).to.equal(undefined);
		});
	});
};
