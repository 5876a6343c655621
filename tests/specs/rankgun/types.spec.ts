// roblox-ts users can name RankBridge's types through the class (checked when this compiles).
import RankBridge from "../../../src";
import { liveWorld, member } from "../helpers/bridges";

export = () => {
	it("lets TypeScript name results and options as RankBridge.X", () => {
		const { world, bridge } = liveWorld();
		const rankBridge: RankBridge = bridge();
		const options: RankBridge.RankOptions = { reason: "Typed" };
		const change: RankBridge.RankChange = rankBridge.promote(member(world, "Private1").id, options).expect();
		const kind: RankBridge.ErrorKind = RankBridge.ErrorKind.NotInGroup;
		const status: RankBridge.Status = rankBridge.status();
		expect(change.newRank).to.equal(20);
		expect(kind).to.equal("NotInGroup");
		expect(status.queued).to.equal(0);
	});
};
