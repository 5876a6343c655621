// Several simulated servers of one game sharing a RankGun workspace (and the game's MemoryStore,
// the stand-in): the workspace's rate budget is shared, and a server that shuts down hands its
// work over.
import { member, virtualWorld } from "../helpers/bridges";
import { headKey } from "../../../src/core/journal";
import { DEFAULT_NAMESPACE, mapName } from "../helpers/cloud";

export = () => {
	describe("shared rate budget", () => {
		it("keeps three busy servers together under the workspace's 100 requests a minute", () => {
			const { scheduler, server, cloud } = virtualWorld();
			const servers = [server(), server(), server()];
			let finished = 0;
			for (const { bridge } of servers) {
				for (let i = 0; i < 100; i++) bridge.sessions.types().then(() => finished++);
			}
			scheduler.runUntil(() => finished === 300, 600);
			let throttled = 0;
			let requests = 0;
			for (const { transport } of servers) {
				throttled += transport.statuses.get(429) ?? 0;
				requests += transport.requests;
			}
			expect(finished).to.equal(300);
			expect(throttled).to.equal(0);
			// In any minute at most 100 go, so the last 100 cannot start before two minutes have passed...
			expect(scheduler.now() > 120).to.equal(true);
			// ...and the pacing loses little: they finish within seconds of that.
			expect(scheduler.now() < 130).to.equal(true);
			// Leasing a few requests at a time: far fewer MemoryStore calls than requests.
			const mapCalls = cloud.memory.figures().byStructure.get(`HashMap:${mapName()}`)!.calls;
			expect(mapCalls < requests / 3).to.equal(true);
		});

		it("keeps going, within its share, while MemoryStore is failing", () => {
			const { scheduler, server, cloud } = virtualWorld();
			const servers = [server(), server()];
			let finished = 0;
			// Let both servers lease once so each knows the other exists.
			for (const { bridge } of servers) bridge.sessions.types().then(() => finished++);
			scheduler.runUntil(() => finished === 2, 10);
			cloud.memory.faults.outage(3600);
			for (const { bridge } of servers) {
				for (let i = 0; i < 60; i++) bridge.sessions.types().then(() => finished++);
			}
			scheduler.runUntil(() => finished === 122, 300);
			let throttled = 0;
			for (const { transport } of servers) throttled += transport.statuses.get(429) ?? 0;
			expect(finished).to.equal(122);
			expect(throttled).to.equal(0);
		});
	});

	describe("shutdown handover", () => {
		it("hands unfinished actions to a later server, which finishes each once and in order", () => {
			const { scheduler, world, server, cloud } = virtualWorld();
			const first = server({ drain: false }).bridge;
			const names = ["Recruit1", "Private1", "Corporal1", "Sergeant1"];
			for (const name of names) {
				const userId = member(world, name).id;
				first.promote(userId);
				first.setRank(userId, 100);
				first.demote(userId);
			}
			scheduler.advance(0.01);
			let handedOver = -1;
			first.shutdown().then((count) => (handedOver = count));
			scheduler.runUntil(() => handedOver >= 0, 30);
			expect(handedOver > 0).to.equal(true);
			expect(first.status().handedOver).to.equal(handedOver);
			// The leaving server's journal keeps the work until another server has adopted and finished it.
			const journal = () => cloud.data.peek("RankBridge", DEFAULT_NAMESPACE, headKey("server-1"));
			expect(journal()).to.be.ok();

			server();
			scheduler.runUntil(() => journal() === undefined && world.rankgun.rankLog.size() === 12, 300);
			for (const name of names) expect(world.group.rankOf(member(world, name).id)).to.equal(30);
			expect(world.rankgun.rankLog.size()).to.equal(12);
		});

		it("settles an action that was in flight at shutdown instead of sending it again", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const first = server({ drain: false, timeout: 5 }).bridge;
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "hang", apply: true, seconds: 60, pathContains: "/api/roblox/promote" });
			first.promote(userId);
			scheduler.advance(1);
			first.shutdown();
			scheduler.advance(1);
			const second = server().bridge;
			scheduler.runUntil(() => second.status().adopted > 0 && second.status().queued === 0 && second.status().inFlight === 0, 300);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		});

		it("refuses new work once shut down, with a clear error", () => {
			const { scheduler, world, server } = virtualWorld();
			const { bridge } = server();
			bridge.shutdown();
			scheduler.advance(1);
			const [ok, failure] = bridge.promote(member(world, "Private1").id).await();
			expect(ok).to.equal(false);
			expect((failure as { kind: string }).kind).to.equal("ShuttingDown");
		});
	});
};
