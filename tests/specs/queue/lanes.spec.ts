// Lanes (src/core/lanes.ts) over the MemoryStore stand-in, when a write is stored but its answer is
// lost: the server tries the step again, and the retry must not undo what happened meanwhile.
import { Lanes, type LaneItem } from "../../../src/core/lanes";
import { virtualWorld } from "../helpers/bridges";
import { cloudStores, mapName } from "../helpers/cloud";

export = () => {
	it("leaves a lane as another server left it when a finish whose answer was lost is tried again", () => {
		const { scheduler, cloud } = virtualWorld();
		const map = cloudStores(cloud.server({ players: 0 })).map;
		const first = new Lanes(map, "a");
		const second = new Lanes(map, "b");
		const live = () => "live" as const;
		const step = <T>(future: { listen(callback: (ok: boolean, value: unknown) => void): void }) => {
			const outcome: { ok?: boolean; value?: T } = {};
			future.listen((ok, value) => {
				outcome.ok = ok;
				outcome.value = value as T;
			});
			scheduler.runUntil(() => outcome.ok !== undefined, 10, 0.01);
			return outcome;
		};
		const promote = { id: "x", ok: true, old: 10, new: 20 };
		expect(step(first.take("user:1", "x", 10, live)).ok).to.equal(true);
		// The finish is stored; its answer is lost.
		cloud.memory.faults.loseNextAnswers(1);
		expect(step(first.finish("user:1", "x", promote, false)).ok).to.equal(false);
		// Meanwhile the other server runs its promote of the member from 20 to 30.
		expect(step(second.take("user:1", "y", 20, live)).value).to.be.ok();
		expect(step(second.finish("user:1", "y", { id: "y", ok: true, old: 20, new: 30 }, false)).ok).to.equal(true);
		// The first server tries its finish again.
		expect(step(first.finish("user:1", "x", promote, false)).ok).to.equal(true);
		const item = cloud.memory.peek(mapName(), Lanes.key("user:1")) as LaneItem;
		// The member's last change is still the lane's newest record, and its rank the lane's: a
		// server settling a lost answer of that promote compares with it (an older record last would
		// make it report a Conflict), and a rank read of 30 is not taken as stale.
		const records = item.f ?? [];
		expect(`${records[records.size() - 1].id} ${item.r}`).to.equal("y 30");
		expect(records.size()).to.equal(2);
		expect(item.i).never.to.be.ok();
	});
};
