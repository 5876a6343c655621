// Several simulated servers of one game sharing a RankGun workspace (and the game's MemoryStore
// and DataStore, the stand-ins): a server that shuts down leaves its work to another. (The shared
// rate budget has budget.spec.ts.)
import { member, virtualWorld } from "../helpers/bridges";
import { headKey } from "../../../src/core/journal";
import { DEFAULT_NAMESPACE } from "../helpers/cloud";

export = () => {
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
