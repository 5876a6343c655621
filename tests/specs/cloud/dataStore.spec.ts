// The DataStoreService stand-in (tests/cloud) on a virtual clock: the documented key, name and
// value limits with their numbered errors, each server's budgets and throttle queue (30, then
// 301-306), the experience's budgets, per-key throughput, GetAsync's 4-second cache, UpdateAsync
// (cancel, contention, forced re-runs), and the faults a spec switches on.
import { CloudExperience, type CloudOptions } from "../../cloud";
import type { DataStoreStandIn } from "../../cloud/dataStore";
import { raisedName, settleCall, startCall } from "../helpers/cloud";
import { VirtualScheduler } from "../helpers/virtualScheduler";

function setup(options: CloudOptions = {}) {
	const scheduler = new VirtualScheduler();
	const cloud = new CloudExperience({ scheduler, ...options });
	const server = cloud.server();
	const call = <T>(body: () => T) => settleCall(scheduler, body);
	return { scheduler, cloud, server, store: server.DataStoreService.GetDataStore("Data"), call };
}

/** GetAsync's value alone (a call's outcome keeps only the first result anyway). */
function get(store: DataStoreStandIn, key: string, useCache = true): unknown {
	const [value] = store.GetAsync(key, { UseCache: useCache });
	return value;
}

export = () => {
	describe("limits", () => {
		it("refuses an empty key with 101 KeyNameEmpty and one over 50 characters with 102 KeyNameLimit", () => {
			const { store, call } = setup();
			expect(call(() => store.SetAsync("k".rep(50), 1)).ok).to.equal(true);
			const empty = call(() => store.GetAsync(""));
			expect(raisedName(empty)).to.equal("101");
			expect(empty.error.find("Key name can't be empty.", 1, true)[0]).to.be.ok();
			const long = call(() => store.SetAsync("k".rep(51), 1));
			expect(raisedName(long)).to.equal("102");
			expect(long.error.find("Key name exceeds the 50 character limit.", 1, true)[0]).to.be.ok();
			expect(raisedName(call(() => store.UpdateAsync("k".rep(51), () => 1)))).to.equal("102");
			expect(raisedName(call(() => store.RemoveAsync("k".rep(51))))).to.equal("102");
		});

		it("refuses data store names and scopes over 50 characters", () => {
			const { server } = setup();
			expect(pcall(() => server.DataStoreService.GetDataStore("n".rep(50), "s".rep(50)))[0]).to.equal(true);
			expect(pcall(() => server.DataStoreService.GetDataStore("n".rep(51)))[0]).to.equal(false);
			expect(pcall(() => server.DataStoreService.GetDataStore("n", "s".rep(51)))[0]).to.equal(false);
		});

		it("stores up to 4,194,304 characters of JSON and refuses more with 105 ValueTooLarge", () => {
			const { store, call } = setup();
			expect(call(() => store.SetAsync("fits", "x".rep(4_194_304 - 2))).ok).to.equal(true);
			const over = call(() => store.SetAsync("over", "x".rep(4_194_304 - 1)));
			expect(raisedName(over)).to.equal("105");
			expect(over.error.find("Serialized value exceeds 4194304 limit.", 1, true)[0]).to.be.ok();
		});

		it("refuses what cannot be stored: 104 for SetAsync, 103 for a transform's result, invalid UTF-8 too", () => {
			const { store, call } = setup();
			expect(raisedName(call(() => store.SetAsync("f", () => undefined)))).to.equal("104");
			expect(raisedName(call(() => store.SetAsync("bytes", string.char(255, 254))))).to.equal("104");
			expect(raisedName(call(() => store.UpdateAsync("f", () => () => undefined)))).to.equal("103");
		});
	});

	describe("server budgets", () => {
		it("gives a server 60 + 40 per player requests a minute of each type, UpdateAsync spending a read and a write", () => {
			const { server, store, call } = setup();
			const service = server.DataStoreService;
			expect(service.GetRequestBudgetForRequestType("StandardRead")).to.equal(60);
			expect(service.GetRequestBudgetForRequestType("StandardList")).to.equal(5);
			call(() => store.UpdateAsync("k", () => 1));
			expect(service.GetRequestBudgetForRequestType("StandardRead")).to.equal(59);
			expect(service.GetRequestBudgetForRequestType("StandardWrite")).to.equal(59);
			call(() => store.RemoveAsync("k"));
			expect(service.GetRequestBudgetForRequestType("StandardRemove")).to.equal(59);
			server.setPlayers(10);
			expect(server.DataStoreService.rate("StandardRead")).to.equal(460);
		});

		it("makes a request beyond the budget wait in the server's queue, until the budget refills", () => {
			const { store, call, scheduler, server } = setup();
			const budget = () => server.DataStoreService.GetRequestBudgetForRequestType("StandardWrite");
			const spent = call(() => {
				let writes = 0;
				for (; budget() >= 1; writes++) store.SetAsync(`k${writes}`, writes);
				return writes;
			});
			// Sixty at once, and the one that refilled while they ran.
			expect(spent.value).to.equal(61);
			const started = scheduler.now();
			const waiting = startCall(() => store.SetAsync("late", 1));
			scheduler.advance(0.5);
			expect(waiting.done).to.equal(false);
			scheduler.runUntil(() => waiting.done, 5, 0.01);
			expect(waiting.ok).to.equal(true);
			// 60 a minute: a whole request's budget is back within a second (plus the round trip).
			expect(scheduler.now() - started < 1.1).to.equal(true);
		});

		it("drops a request that finds 30 waiting with the method's 30x error", () => {
			const { store, call, scheduler, cloud, server } = setup();
			const budget = (kind: "StandardRead" | "StandardWrite") => server.DataStoreService.GetRequestBudgetForRequestType(kind);
			call(() => {
				for (let i = 0; budget("StandardRead") >= 1; i++) store.GetAsync(`k${i}`);
			});
			const waiting = new Array<ReturnType<typeof startCall>>();
			for (let i = 0; i < 30; i++) waiting.push(startCall(() => store.GetAsync(`w${i}`)));
			const dropped = startCall(() => store.GetAsync("dropped"));
			expect(raisedName(dropped)).to.equal("301");
			expect(dropped.error.find("GetAsync request dropped.", 1, true)[0]).to.be.ok();
			call(() => {
				for (let i = 0; budget("StandardWrite") >= 1; i++) store.SetAsync(`s${i}`, i);
			});
			const writes = new Array<ReturnType<typeof startCall>>();
			for (let i = 0; i < 30; i++) writes.push(startCall(() => store.SetAsync(`x${i}`, i)));
			expect(raisedName(startCall(() => store.SetAsync("x", 1)))).to.equal("302");
			expect(raisedName(startCall(() => store.UpdateAsync("x", () => 1)))).to.equal("304");
			expect(raisedName(startCall(() => store.RemoveAsync("x")))).to.equal("306");
			scheduler.runUntil(() => waiting.every((outcome) => outcome.done) && writes.every((outcome) => outcome.done), 120, 0.05);
			expect(waiting.every((outcome) => outcome.ok) && writes.every((outcome) => outcome.ok)).to.equal(true);
			expect(cloud.data.figures().queued).to.equal(60);
		});
	});

	describe("experience budgets and throughput", () => {
		it("throttles the experience at 300 + 40 per user reads a minute, whatever each server may do", () => {
			const { cloud, call } = setup();
			const stores = [1, 2, 3, 4, 5, 6].map(() => cloud.server().DataStoreService.GetDataStore("Data"));
			const outcome = call(() => {
				for (const store of stores) for (let i = 0; i < 50; i++) get(store, `k${i}`, false);
				return get(stores[0], "one-more", false);
			});
			expect(raisedName(outcome)).to.equal("StandardReadExperienceThrottled");
			expect(cloud.data.experienceLimit("StandardRead")).to.equal(300);
			cloud.setConcurrentUsers(10);
			expect(cloud.data.experienceLimit("StandardWrite")).to.equal(500);
		});

		it("lets one key be written 4 MB a minute (KeyThrottled beyond), counted per kilobyte", () => {
			const { store, call, scheduler } = setup();
			const megabyte = "x".rep(1_000_000);
			const outcome = call(() => {
				for (let i = 0; i < 4; i++) store.SetAsync("big", megabyte);
				return store.SetAsync("big", megabyte);
			});
			expect(raisedName(outcome)).to.equal("KeyThrottled");
			expect(call(() => store.SetAsync("other", megabyte)).ok).to.equal(true);
			scheduler.advance(60);
			expect(call(() => store.SetAsync("big", megabyte)).ok).to.equal(true);
		});

		it("lets one key be read 25 MB a minute", () => {
			const { store, call } = setup();
			call(() => store.SetAsync("big", "x".rep(1_000_000)));
			const outcome = call(() => {
				for (let i = 0; i < 26; i++) get(store, "big", false);
				return get(store, "big", false);
			});
			expect(raisedName(outcome)).to.equal("KeyThrottled");
		});
	});

	describe("cache and UpdateAsync", () => {
		it("serves GetAsync from the server's cache for 4 seconds, free, unless UseCache is false", () => {
			const { cloud, store, call, scheduler, server } = setup();
			const other = cloud.server().DataStoreService.GetDataStore("Data");
			call(() => store.SetAsync("k", "old"));
			expect(call(() => get(store, "k")).value).to.equal("old");
			call(() => other.SetAsync("k", "new"));
			const budget = server.DataStoreService.GetRequestBudgetForRequestType("StandardRead");
			expect(call(() => get(store, "k")).value).to.equal("old");
			expect(server.DataStoreService.GetRequestBudgetForRequestType("StandardRead")).to.equal(budget);
			expect(call(() => get(store, "k", false)).value).to.equal("new");
			scheduler.advance(4);
			call(() => other.SetAsync("k", "newer"));
			expect(call(() => get(store, "k")).value).to.equal("newer");
			// The read right after the SetAsync, and the stale one.
			expect(cloud.data.figures().cacheHits).to.equal(2);
		});

		it("returns what the transform wrote, nil when it cancels, and the old value from RemoveAsync", () => {
			const { store, call } = setup();
			const written = call(() => {
				const [value] = store.UpdateAsync("k", (current) => ((current as number | undefined) ?? 0) + 1);
				return value;
			});
			expect(written.value).to.equal(1);
			expect(call(() => store.UpdateAsync("k", () => undefined)).value).to.equal(undefined);
			expect(call(() => get(store, "k", false)).value).to.equal(1);
			expect(call(() => store.RemoveAsync("k")).value).to.equal(1);
			expect(call(() => get(store, "k", false)).value).to.equal(undefined);
		});

		it("keeps every update when servers update one key at once, and re-runs a transform when a spec forces it", () => {
			const { cloud, scheduler, store, call } = setup();
			const stores = [1, 2, 3, 4].map(() => cloud.server().DataStoreService.GetDataStore("Data"));
			const calls = stores.map((each) => startCall(() => each.UpdateAsync("counter", (current) => ((current as number | undefined) ?? 0) + 1)));
			scheduler.runUntil(() => calls.every((outcome) => outcome.done), 10, 0.01);
			expect(cloud.data.peek("Data", "global", "counter")).to.equal(4);
			expect(cloud.data.figures().reruns > 0).to.equal(true);
			cloud.data.faults.rerunNext(1);
			let runs = 0;
			call(() =>
				store.UpdateAsync("counter", (current) => {
					runs += 1;
					return (current as number) + 1;
				}),
			);
			expect(runs).to.equal(2);
			expect(cloud.data.peek("Data", "global", "counter")).to.equal(5);
		});
	});

	describe("faults", () => {
		it("fails calls during an outage with InternalServerError, throttles with the method's 30x error, and queues named errors", () => {
			const { cloud, store, call, scheduler } = setup();
			cloud.data.faults.outage(10);
			expect(raisedName(call(() => get(store, "k", false)))).to.equal("InternalServerError");
			scheduler.advance(11);
			cloud.data.faults.throttle(5);
			expect(raisedName(call(() => store.SetAsync("k", 1)))).to.equal("302");
			scheduler.advance(6);
			cloud.data.faults.failNext(1, "KeyThrottled");
			expect(raisedName(call(() => store.SetAsync("k", 1)))).to.equal("KeyThrottled");
			expect(call(() => store.SetAsync("k", 1)).ok).to.equal(true);
			expect(cloud.data.figures().errors.get("SetAsyncThrottle")).to.equal(1);
		});
	});
};
