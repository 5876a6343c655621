// What a caller gets back is evaera's Promise, the one roblox-ts ships
// (https://eryn.io/roblox-lua-promise/api/Promise), whichever way RankBridge makes it: cheaply,
// without an executor thread, when the Promise library lays a new Promise out as this version
// does, else with Promise.new. Both ways are held to the same behaviour here.
import { RunService } from "@rbxts/services";
import { ErrorKind, RankError } from "../../../src/core/errors";
import { lightChains, lightPromises, PROMISE_MAKERS, PromiseMaker, tracePromises } from "../../../src/core/publicPromise";
import { member, virtualWorld } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { contains, rejection } from "../helpers/rejection";

/** Rejections the Promise library reported as unhandled while `body` ran and for two frames after (it waits one). */
function unhandledDuring(body: () => void): { count: number; promise?: unknown; reason?: unknown } {
	const seen: { count: number; promise?: unknown; reason?: unknown } = { count: 0 };
	// The callback is given the Promise, then its values.
	const stop = Promise.onUnhandledRejection((...values: Array<unknown>) => {
		seen.count += 1;
		seen.promise = values[0];
		seen.reason = values[1];
	});
	body();
	RunService.Heartbeat.Wait();
	RunService.Heartbeat.Wait();
	stop();
	return seen;
}

export = () => {
	// TestEZ gives `it` and `expect` to the spec function alone, so the shared cases are declared in it.
	const behavesAsPromise = (made: string, maker: PromiseMaker) => {
		it(`${made}: is a Promise that stays pending until settled, then settles once`, () => {
			const promise = maker.pending<number>();
			expect(Promise.is(promise)).to.equal(true);
			expect(promise instanceof Promise).to.equal(true);
			expect(tostring(promise)).to.equal(tostring(new Promise<number>(() => {})));
			expect(promise.getStatus()).to.equal(Promise.Status.Started);
			const seen = new Array<number>();
			const chained = promise.andThen((value) => {
				seen.push(value);
				return value * 2;
			});
			let finallyRan = false;
			promise.finally(() => (finallyRan = true));
			expect(seen.size()).to.equal(0);
			maker.settle(promise, true, 21);
			maker.settle(promise, true, 99);
			maker.settle(promise, false, "late");
			expect(promise.getStatus()).to.equal(Promise.Status.Resolved);
			expect(seen.size()).to.equal(1);
			expect(seen[0]).to.equal(21);
			expect(finallyRan).to.equal(true);
			expect(chained.expect()).to.equal(42);
			const [ok, value] = promise.await();
			expect(ok).to.equal(true);
			expect(value).to.equal(21);
			expect(promise.andThen((late) => late + 1).expect()).to.equal(22);
		});

		it(`${made}: rejects: catch, await and expect see the reason; a handled rejection is not reported`, () => {
			const reason = new RankError(ErrorKind.Forbidden, "no");
			const promise = maker.pending<number>();
			let caught: unknown;
			const unhandled = unhandledDuring(() => {
				promise.catch((failure: unknown) => (caught = failure));
				maker.settle(promise, false, reason);
			});
			expect(unhandled.count).to.equal(0);
			expect(caught).to.equal(reason);
			expect(promise.getStatus()).to.equal(Promise.Status.Rejected);
			const [ok, value] = promise.await();
			expect(ok).to.equal(false);
			expect(value).to.equal(reason);
			expect(pcall(() => promise.expect())[0]).to.equal(false);
		});

		it(`${made}: reports a rejection nobody handles, as Promise.new's would be`, () => {
			const reason = new RankError(ErrorKind.Forbidden, "nobody listens");
			const promise = maker.pending<number>();
			const unhandled = unhandledDuring(() => maker.settle(promise, false, reason));
			expect(unhandled.count).to.equal(1);
			expect(unhandled.promise).to.equal(promise);
			expect(unhandled.reason).to.equal(reason);
		});

		it(`${made}: cancels: it stays cancelled when settled later, and so do the Promises chained from it`, () => {
			const promise = maker.pending<number>();
			let ran = false;
			const chained = promise.andThen(() => (ran = true));
			promise.cancel();
			maker.settle(promise, true, 1);
			expect(promise.getStatus()).to.equal(Promise.Status.Cancelled);
			expect(chained.getStatus()).to.equal(Promise.Status.Cancelled);
			expect(ran).to.equal(false);
			expect(promise.await()[0]).to.equal(false);
		});

		it(`${made}: cancels when every Promise chained from it is cancelled`, () => {
			const promise = maker.pending<number>();
			const chained = promise.andThen((value) => value);
			chained.cancel();
			expect(promise.getStatus()).to.equal(Promise.Status.Cancelled);
		});

		it(`${made}: works with Promise.all, Promise.race and timeout`, () => {
			const first = maker.pending<number>();
			const second = maker.pending<number>();
			const all = Promise.all([first, second]);
			const raced = Promise.race([maker.pending<number>(), second]);
			const timed = first.timeout(60);
			maker.settle(second, true, 2);
			expect(raced.expect()).to.equal(2);
			expect(all.getStatus()).to.equal(Promise.Status.Started);
			maker.settle(first, true, 1);
			const values = all.expect();
			expect(values[0]).to.equal(1);
			expect(values[1]).to.equal(2);
			expect(timed.expect()).to.equal(1);
		});

		it(`${made}: follows a Promise it is resolved with`, () => {
			const inner = maker.pending<number>();
			const outer = maker.pending<number>();
			maker.settle(outer, true, inner);
			expect(outer.getStatus()).to.equal(Promise.Status.Started);
			maker.settle(inner, true, 5);
			expect(outer.expect()).to.equal(5);
		});
	};

	it("makes its Promises without an executor thread with the Promise library roblox-ts ships", () => {
		expect(lightPromises).to.equal(true);
	});

	it("makes the first andThen or catch on a pending one without an executor thread too, as the library would make it", () => {
		expect(lightChains).to.equal(true);
		const theirs = new Promise<number>(() => {}).andThen((value) => value + 1) as unknown as Record<string, unknown>;
		const promise = PROMISE_MAKERS.light.pending<number>();
		const ours = promise.andThen((value) => value + 1) as unknown as Record<string, unknown>;
		// No thread of its own: the one finished thread RankBridge's Promises share.
		const another = PROMISE_MAKERS.light.pending<number>().catch(() => 0) as unknown as Record<string, unknown>;
		expect(ours._thread === another._thread).to.equal(true);
		expect(coroutine.status(ours._thread as thread)).to.equal("dead");
		for (const [key, value] of pairs(theirs)) expect(`${key}: ${typeOf(ours[key])}`).to.equal(`${key}: ${typeOf(value)}`);
		for (const [key] of pairs(ours)) expect(theirs[key] !== undefined).to.equal(true);
		PROMISE_MAKERS.light.settle(promise, true, 1);
		expect((ours as unknown as Promise<number>).expect()).to.equal(2);
		(theirs as unknown as Promise<number>).cancel();
	});

	behavesAsPromise("made without an executor thread", PROMISE_MAKERS.light);

	it("keeps a Promise nobody has used small, and completes it in place at its first use", () => {
		const fields = (promise: Promise<unknown>) => {
			let count = 0;
			for (const [_key] of pairs(promise as unknown as object)) count += 1;
			return count;
		};
		const unused = PROMISE_MAKERS.light.pending<number>();
		// Nothing of its own (its status comes from its metatable); where it was made, in Studio.
		expect(fields(unused)).to.equal(0);
		expect((unused as unknown as { _status: unknown })._status).to.equal(Promise.Status.Started);
		expect(fields(unused)).to.equal(0);
		tracePromises(true);
		const traced = PROMISE_MAKERS.light.pending<number>();
		tracePromises(false);
		expect(fields(traced)).to.equal(1);
		const reference = new Promise<number>(() => {});
		expect(getmetatable(unused) === getmetatable(reference)).to.equal(false);
		// Any method completes it: the same table, now laid out as Promise.new's.
		expect(unused.getStatus()).to.equal(Promise.Status.Started);
		expect(getmetatable(unused) === getmetatable(reference)).to.equal(true);
		expect(fields(unused)).to.equal(fields(reference) - 1);
		// Resolving one nobody used keeps it small (its status and values); its first use completes it.
		const settled = PROMISE_MAKERS.light.pending<number>();
		PROMISE_MAKERS.light.settle(settled, true, 3);
		expect(fields(settled)).to.equal(3);
		expect(Promise.is(settled)).to.equal(true);
		expect(settled.getStatus()).to.equal(Promise.Status.Resolved);
		expect(getmetatable(settled) === getmetatable(reference)).to.equal(true);
		expect(settled.expect()).to.equal(3);
		let chained: number | undefined;
		PROMISE_MAKERS.light.settle(traced, true, 4);
		traced.andThen((value) => (chained = value + 1));
		expect(chained).to.equal(5);
		// Only the first settle counts.
		PROMISE_MAKERS.light.settle(settled, true, 6);
		PROMISE_MAKERS.light.settle(settled, false, "late");
		expect(settled.expect()).to.equal(3);
		// A rejection goes the library's way (its unhandled-rejection warning included).
		const rejected = PROMISE_MAKERS.light.pending<number>();
		PROMISE_MAKERS.light.settle(rejected, false, "refused");
		expect(getmetatable(rejected) === getmetatable(reference)).to.equal(true);
		expect(rejected.getStatus()).to.equal(Promise.Status.Rejected);
		rejected.catch(() => undefined);
		reference.cancel();
	});
	behavesAsPromise("made by Promise.new (another Promise library's layout)", PROMISE_MAKERS.fallback);

	describe("a rank action's Promise", () => {
		it("resolves with the change, and a cancelled one's action still runs (cancel only stops listening)", () => {
			const { scheduler, world, server } = virtualWorld();
			const { bridge } = server();
			const recruit = member(world, "Recruit1").id;
			const kept = bridge.setRank(recruit, 20);
			const dropped = bridge.setRank(member(world, "Private1").id, 30);
			let droppedRan = false;
			dropped.andThen(() => (droppedRan = true));
			dropped.cancel();
			let completed = 0;
			bridge.actionCompleted.Connect(() => (completed += 1));
			expect(scheduler.runUntil(() => completed === 2, 60)).to.equal(true);
			expect(kept.expect().newRank).to.equal(20);
			expect(dropped.getStatus()).to.equal(Promise.Status.Cancelled);
			expect(droppedRan).to.equal(false);
			expect(world.group.rankOf(member(world, "Private1").id)).to.equal(30);
		});

		/** The unhandled-rejection warning for a setRank that fails, with Promises traced or not. */
		const unhandledWarning = (traced: boolean): string => {
			const { scheduler, world, server } = virtualWorld();
			const { bridge } = server();
			const before = Harness.warnings().size();
			let promise!: Promise<unknown>;
			tracePromises(traced);
			const unhandled = unhandledDuring(() => {
				// Rank 7 is not on the group's ladder: the queue takes the action, and it fails.
				promise = bridge.setRank(member(world, "Recruit1").id, 7);
				tracePromises(false);
				scheduler.runUntil(() => promise.getStatus() !== Promise.Status.Started, 60);
			});
			expect(unhandled.count).to.equal(1);
			expect(rejection(promise).kind).to.equal(ErrorKind.RankOutOfRange);
			const warned = Harness.warnings().filter((line, index) => index >= before && contains(line, "Unhandled Promise rejection"));
			expect(warned.size()).to.equal(1);
			return warned[0];
		};

		it("warns of a rejection nobody handles, naming where the call was made (in Studio)", () => {
			const warning = unhandledWarning(true);
			expect(contains(warning, "promises.spec")).to.equal(true);
		});

		it("warns of a rejection nobody handles on a live server too, naming RankBridge (no traceback taken)", () => {
			const warning = unhandledWarning(false);
			expect(contains(warning, "a RankBridge call")).to.equal(true);
			expect(contains(warning, "promises.spec")).to.equal(false);
		});
	});
};
