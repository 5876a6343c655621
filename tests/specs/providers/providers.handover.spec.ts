// Shutdown hands unfinished Hyra and Open Cloud work to the other servers, which finish it
// without a second change (virtual time, simulated servers sharing the game's MemoryStore stand-in).
import type { ActionReport } from "../../../src/core/action";
import type { World } from "../../emulator";
import { member } from "../helpers/bridges";
import { virtualProviderWorld } from "../helpers/providerBridges";

const FIVE_AM = 1_767_225_600 + 5 * 3600;

function settled(promise: Promise<unknown>): boolean {
	return promise.getStatus() !== Promise.Status.Started;
}

function rolesOf(world: World, userId: number): string {
	const ranks = world.group.members.get(userId)!.roleIds.map((id) => world.group.roleById(id)!.rank);
	ranks.sort();
	return ranks.join(",");
}

export = () => {
	it("Hyra: an action parked on a spent quota is handed over and run by another server after 05:00 UTC", () => {
		const { scheduler, world, server } = virtualProviderWorld("hyra", { hyra: { quotaUsed: 500 } });
		const leaving = server({ drain: false });
		const staying = server();
		const reports = new Array<ActionReport>();
		staying.actionCompleted.Connect((report) => reports.push(report));
		const recruit = member(world, "Recruit1").id;
		leaving.promote(recruit, { reason: "Passed training" });
		scheduler.advance(5);
		expect(leaving.status().parked).to.equal(1);
		const handed = leaving.shutdown();
		expect(scheduler.runUntil(() => settled(handed), 30)).to.equal(true);
		expect(handed.expect()).to.equal(1);
		scheduler.advance(FIVE_AM - scheduler.unixTime() - 10);
		expect(world.group.rankOf(recruit)).to.equal(1);
		expect(scheduler.runUntil(() => reports.size() > 0, 120)).to.equal(true);
		expect(reports[0].kind).to.equal("promote");
		expect(reports[0].oldRank).to.equal(1);
		expect(reports[0].newRank).to.equal(10);
		expect(reports[0].reason).to.equal("Passed training");
		expect(world.group.rankOf(recruit)).to.equal(10);
		expect(world.hyra.usage()).to.equal(1);
	});

	it("Open Cloud: a change in flight at shutdown is settled by another server, finished, and not repeated", () => {
		const { scheduler, emulator, world, server } = virtualProviderWorld("opencloud");
		emulator.fault({ kind: "hang", service: "opencloud", pathContains: ":assignRole", apply: true, seconds: 30 });
		const leaving = server({ drain: false, timeout: 10 });
		const staying = server({ timeout: 10 });
		const reports = new Array<ActionReport>();
		staying.actionCompleted.Connect((report) => reports.push(report));
		const privateId = member(world, "Private1").id;
		leaving.promote(privateId);
		expect(scheduler.runUntil(() => rolesOf(world, privateId) === "10,20", 5)).to.equal(true);
		const handed = leaving.shutdown();
		expect(scheduler.runUntil(() => settled(handed), 30)).to.equal(true);
		expect(handed.expect()).to.equal(1);
		expect(scheduler.runUntil(() => reports.size() > 0, 120)).to.equal(true);
		expect(reports[0].oldRank).to.equal(10);
		expect(reports[0].newRank).to.equal(20);
		expect(rolesOf(world, privateId)).to.equal("20");
		scheduler.advance(60);
		expect(rolesOf(world, privateId)).to.equal("20");
	});
};
