import { liveWorld, member } from "../helpers/bridges";

export = () => {
	it("promotes a member against the emulator over HTTP", () => {
		const { world, bridge } = liveWorld();
		const result = bridge().promote(member(world, "Private1").id, { reason: "Passed training" }).expect();
		expect(result.oldRank).to.equal(10);
		expect(result.newRank).to.equal(20);
		expect(world.group.rankOf(member(world, "Private1").id)).to.equal(20);
	});
};
