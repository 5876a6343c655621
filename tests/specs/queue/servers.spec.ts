// Several simulated servers of one game sharing a RankGun workspace (and the game's MemoryStore
// and DataStore, the stand-ins): a server that shuts down leaves its work to another. (The shared
// rate budget has budget.spec.ts.)
import { member, virtualWorld } from "../helpers/bridges";
import { addToRuns, batchKey, finishedIn, headKey, JournalBatch, JournalHead, removeFromRuns } from "../../../src/core/journal";
import { ASSIGNABLE, chaosMembers } from "../helpers/chaos";
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

	describe("the journal", () => {
		it("keeps its head a few numbers long however many of a batch's actions have finished", () => {
			const { scheduler, world, server, cloud } = virtualWorld({ members: chaosMembers(250), rankgun: { tier: "elite" } });
			world.rankgun.setRanksThisMonth(0);
			const { bridge } = server();
			for (const user of world.members) bridge.setRank(user.id, ASSIGNABLE[0]);
			// One batch of 250; 100 changes a minute, spread as the slots free.
			scheduler.runUntil(() => world.rankgun.rankLog.size() >= 160, 300);
			scheduler.advance(5);
			const head = cloud.data.peek("RankBridge", DEFAULT_NAMESPACE, headKey("server-1")) as JournalHead;
			let numbers = 0;
			let finished = 0;
			for (const [batch, runs] of pairs(head.batches)) {
				numbers += runs.size();
				finished += finishedIn(head, tonumber(batch)!).size();
			}
			expect(`${finished >= 150} (${finished} finished)`).to.equal(`true (${finished} finished)`);
			expect(`${numbers <= 20} (${numbers} numbers)`).to.equal(`true (${numbers} numbers)`);
		});

		it("writes each action as it was asked, without this server's notes on it, and so does an adopter", () => {
			const { scheduler, world, server, cloud } = virtualWorld();
			const first = server({ drain: false }).bridge;
			const users = ["Recruit1", "Private1", "Corporal1"].map((name) => member(world, name).id);
			for (const userId of users) first.setRank(userId, 100, { reason: "drill" });
			scheduler.advance(0.01);
			const written = (serverId: string) =>
				(cloud.data.peek("RankBridge", DEFAULT_NAMESPACE, batchKey(serverId, 1)) as JournalBatch | undefined)?.actions ?? [];
			const fields = (actions: ReadonlyArray<object>) => {
				const names = new Set<string>();
				for (const action of actions) for (const [name] of pairs(action)) names.add(name as string);
				const sorted = [...names];
				sorted.sort();
				return sorted.join(",");
			};
			// Shut down before anything was sent: its journal, written on the way out, holds all three.
			let handedOver = -1;
			first.shutdown().then((count) => (handedOver = count));
			scheduler.runUntil(() => handedOver >= 0, 30);
			expect(handedOver).to.equal(3);
			expect(written("server-1").size()).to.equal(3);
			expect(fields(written("server-1"))).to.equal("attempts,createdAt,id,kind,lane,rank,reason,userId");
			server();
			scheduler.runUntil(() => written("server-2").size() === 3, 60);
			expect(fields(written("server-2"))).to.equal("attempts,createdAt,id,kind,lane,named,rank,reason,userId");
		});

		it("reads a head's finished actions as runs, and one written before runs as a list", () => {
			const runs = new Array<number>();
			const inOrder = [5, 0, 1, 3, 2, 9, 7, 8, 4, 4, 20];
			for (const index of inOrder) addToRuns(runs, index);
			expect(runs.join(",")).to.equal("0,5,7,9,20,20");
			expect(removeFromRuns(runs, 3)).to.equal(true);
			expect(removeFromRuns(runs, 0)).to.equal(true);
			expect(removeFromRuns(runs, 20)).to.equal(true);
			expect(removeFromRuns(runs, 6)).to.equal(false);
			expect(runs.join(",")).to.equal("1,2,4,5,7,9");
			const head: JournalHead = { v: 2, server: "s", next: 2, batches: { "1": runs } };
			const indices = [...finishedIn(head, 1)];
			indices.sort();
			expect(indices.join(",")).to.equal("1,2,4,5,7,8,9");
			const before: JournalHead = { v: 1, server: "s", next: 2, batches: { "1": [3, 0, 7] } };
			expect(finishedIn(before, 1).size()).to.equal(3);
			expect(finishedIn(before, 1).has(7)).to.equal(true);
			// Many at random: the runs hold exactly the indices added.
			const random = new Random(7);
			const added = new Set<number>();
			const shuffled = new Array<number>();
			for (let i = 0; i < 300; i++) {
				const index = random.NextInteger(0, 400);
				addToRuns(shuffled, index);
				added.add(index);
			}
			const read = finishedIn({ v: 2, server: "s", next: 2, batches: { "1": shuffled } }, 1);
			expect(read.size()).to.equal(added.size());
			for (const index of added) expect(read.has(index)).to.equal(true);
		});

		it("deletes each batch from the DataStore once its actions are done, with no request dropped, on an empty server (60 writes a minute)", () => {
			const { scheduler, world, server, cloud } = virtualWorld({ members: chaosMembers(200), rankgun: { tier: "elite" } });
			// The monthly quota is spent until a reset 250 s from now: the actions accepted meanwhile
			// wait in dozens of batches, and from the reset they go out at the rate limit.
			world.rankgun.setRanksThisMonth(20_000);
			world.rankgun.usage.usageResetAt = scheduler.unixTime() + 250;
			const { bridge } = server({}, { players: 0 });
			for (let i = 0; i < 200; i++) {
				bridge.promote(member(world, `Member${i + 1}`).id);
				scheduler.runUntil(() => false, 1, 0.25);
			}
			scheduler.runUntil(() => bridge.status().unwritten === 0, 30, 0.25);
			expect(bridge.status().unwritten).to.equal(0);
			const batchesStored = () => {
				let stored = 0;
				for (let n = 1; n <= 400; n++)
					if (cloud.data.peek("RankBridge", DEFAULT_NAMESPACE, batchKey("server-1", n)) !== undefined) stored += 1;
				return stored;
			};
			expect(batchesStored() > 30).to.equal(true);
			scheduler.runUntil(() => world.rankgun.rankLog.size() === 200 && bridge.status().queued === 0, 900, 0.25);
			expect(world.rankgun.rankLog.size()).to.equal(200);
			scheduler.runUntil(() => batchesStored() === 0, 600, 0.25);
			expect(batchesStored()).to.equal(0);
			// None of the journal's requests was dropped from a full throttle queue.
			const dropped = cloud.data.figures().errors;
			let drops = 0;
			for (const [, count] of dropped) drops += count;
			expect(drops).to.equal(0);
		});
	});
};
