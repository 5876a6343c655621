// Lanes (src/core/lanes.ts) over the MemoryStore stand-in: what they cost a member's actions, and
// a write stored whose answer is lost (the server tries the step again, and the retry must not
// undo what happened meanwhile).
import type { Future } from "../../../src/core/future";
import { Lanes, type LaneItem } from "../../../src/core/lanes";
import { member, virtualWorld } from "../helpers/bridges";
import { cloudStores, mapName } from "../helpers/cloud";
import { settle, type VirtualScheduler } from "../helpers/virtualScheduler";

/** How a lane call ended, running virtual time until it does. */
function ended(scheduler: VirtualScheduler, future: Future<unknown>): { ok?: boolean; value?: unknown } {
	const outcome: { ok?: boolean; value?: unknown } = {};
	future.listen((ok, value) => {
		outcome.ok = ok;
		outcome.value = value;
	});
	scheduler.runUntil(() => outcome.ok !== undefined, 10, 0.01);
	return outcome;
}

export = () => {
	it("takes a member's lane for the next action in the update that finishes the one before: three promotes, four lane updates", () => {
		const { scheduler, world, server, cloud } = virtualWorld();
		cloud.memory.countsKeys = true;
		const { bridge } = server();
		const userId = member(world, "Recruit1").id;
		const outcome = settle(Promise.all([bridge.promote(userId), bridge.promote(userId), bridge.promote(userId)]), scheduler);
		expect(outcome?.ok).to.equal(true);
		expect(world.group.rankOf(userId)).to.equal(30);
		expect(world.rankgun.rankLog.size()).to.equal(3);
		// The last finish is written after its caller hears the result.
		scheduler.advance(10);
		const lane = cloud.memory
			.figures()
			.byKey.get(`HashMap:${mapName()}`)
			?.get(Lanes.key(`user:${userId}`));
		// A take and a finish for the first, a finish that takes for the next for the others.
		expect(lane?.calls).to.equal(4);
	});

	it("leaves a lane as another server left it when a finish whose answer was lost is tried again", () => {
		const { scheduler, cloud } = virtualWorld();
		const map = cloudStores(cloud.server({ players: 0 })).map;
		const first = new Lanes(map, "a");
		const second = new Lanes(map, "b");
		const live = () => "live" as const;
		const promote = { id: "x", ok: true, old: 10, new: 20 };
		expect(ended(scheduler, first.take("user:1", "x", 10, live)).ok).to.equal(true);
		// The finish is stored; its answer is lost.
		cloud.memory.faults.loseNextAnswers(1);
		expect(ended(scheduler, first.finish("user:1", "x", promote, false)).ok).to.equal(false);
		// Meanwhile the other server runs its promote of the member from 20 to 30.
		expect(ended(scheduler, second.take("user:1", "y", 20, live)).ok).to.equal(true);
		expect(ended(scheduler, second.finish("user:1", "y", { id: "y", ok: true, old: 20, new: 30 }, false)).ok).to.equal(true);
		// The first server tries its finish again.
		expect(ended(scheduler, first.finish("user:1", "x", promote, false)).ok).to.equal(true);
		const item = cloud.memory.peek(mapName(), Lanes.key("user:1")) as LaneItem;
		// The member's last change is still the lane's newest record, and its rank the lane's: a
		// server settling a lost answer of that promote compares with it (an older record last would
		// make it report a Conflict), and a rank read of 30 is not taken as stale.
		const records = item.f ?? [];
		expect(`${records[records.size() - 1].id} ${item.r}`).to.equal("y 30");
		expect(records.size()).to.equal(2);
		expect(item.i).never.to.be.ok();
	});

	it("takes the lane for the next action once when the finish that takes it is tried again after its answer was lost", () => {
		const { scheduler, cloud } = virtualWorld();
		const lanes = new Lanes(cloudStores(cloud.server({ players: 0 })).map, "a");
		ended(
			scheduler,
			lanes.take("user:1", "x", 10, () => "live"),
		);
		cloud.memory.faults.loseNextAnswers(1);
		const promote = { id: "x", ok: true, old: 10, new: 20 };
		expect(ended(scheduler, lanes.finish("user:1", "x", promote, true, { id: "y", from: 20 })).ok).to.equal(false);
		const again = ended(scheduler, lanes.finish("user:1", "x", promote, true, { id: "y", from: 20 }));
		expect(again.ok).to.equal(true);
		expect(again.value).to.be.ok();
		const outcome = again.value as { holds: boolean; taken: boolean };
		expect(`holds ${outcome.holds}, taken ${outcome.taken}`).to.equal("holds true, taken true");
		const item = cloud.memory.peek(mapName(), Lanes.key("user:1")) as LaneItem;
		expect(`${item.i?.id} from ${item.i?.from}, rank ${item.r}, ${(item.f ?? []).size()} record`).to.equal("y from 20, rank 20, 1 record");
	});
};
