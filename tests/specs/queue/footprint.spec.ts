// RankBridge's footprint in the game's MemoryStore stays inside the experience's quota
// (64 KB + 1.2 KB per concurrent user: https://create.roblox.com/docs/cloud-services/memory-stores)
// in the shapes a busy game has: a day of attendance marks, and a server closing with thousands
// of actions queued. The stand-in enforces the quota and counts every byte; work that does not
// fit MemoryStore lives in the DataStore journal.
import type { ActionReport } from "../../../src/core/action";
import { virtualWorld } from "../helpers/bridges";
import { Harness } from "../helpers/harness";

function people(count: number) {
	const list = new Array<{ name: string; rank: number }>();
	for (let i = 1; i <= count; i++) list.push({ name: `Trainee${i}`, rank: 1 });
	return list;
}

export = () => {
	it("marks 4,000 attendances over a day in a 100-player game without nearing the memory quota", () => {
		const { scheduler, world, server, cloud } = virtualWorld({ members: people(200) });
		// Five servers of twenty players: 100 concurrent users.
		const servers = [1, 2, 3, 4, 5].map(() => server({}, { players: 20 }).bridge);
		let marked = 0;
		let failed = 0;
		for (const bridge of servers) {
			bridge.actionCompleted.Connect(() => (marked += 1));
			bridge.actionFailed.Connect(() => (failed += 1));
		}
		// Twenty sessions across the day, each attended by 200 members, marked as they join
		// (spread over the session's first ten minutes, on whichever server they are in).
		const actor = world.members[0].id;
		const random = new Random(4000);
		for (let s = 0; s < 20; s++) {
			const startsAt = s * 4000;
			scheduler.delay(startsAt, () => {
				const session = world.rankgun.addSession({
					title: `Training ${s + 1}`,
					type: "Training",
					status: "in_progress",
					scheduledStartAt: math.floor(scheduler.unixTime()),
				});
				for (const user of world.members) {
					scheduler.delay(random.NextNumber() * 600, () => {
						servers[random.NextInteger(0, servers.size() - 1)].sessions
							.markAttended(session.id, user.id, { id: `attend/${session.id}/${user.id}`, actor })
							.catch(() => undefined);
					});
				}
			});
		}
		scheduler.runUntil(() => marked + failed >= 4000, 86_400, 1);
		const figures = cloud.memory.figures();
		expect(marked).to.equal(4000);
		expect(figures.errors.get("TotalMemoryOverLimit") ?? 0).to.equal(0);
		// Well inside the quota at its busiest, not merely under it.
		expect(figures.quotaBytes).to.equal(64 * 1024 + 100 * 1.2 * 1024);
		expect(figures.peakBytes < figures.quotaBytes / 2).to.equal(true);
	});

	it("keeps every one of 5,000 actions queued on a closing 50-player server, warning once", () => {
		const { scheduler, world, server, cloud } = virtualWorld({ members: people(200) });
		const closing = server({ drain: false }, { players: 50 }).bridge;
		const members = world.members;
		// Callers' promises of actions still queued at shutdown reject with ShuttingDown: handled here.
		for (let i = 0; i < 5000; i++) closing.setRank(members[i % members.size()].id, i % 2 === 0 ? 10 : 20).catch(() => undefined);
		scheduler.runUntil(() => closing.status().unwritten === 0, 30, 0.1);
		const warnedBefore = Harness.warnings().size();
		let left = -1;
		closing.shutdown().then((count) => (left = count));
		scheduler.runUntil(() => left >= 0, 30, 0.1);
		expect(left > 4900).to.equal(true);
		const warned = Harness.warnings().filter((line, index) => index >= warnedBefore && line.find("RankBridge", 1, true)[0] !== undefined);
		expect(warned.size()).to.equal(1);
		expect(warned[0].find(`${left} unfinished action(s), kept in the journal`, 1, true)[0] !== undefined).to.equal(true);

		const taker = server({}, { players: 50 }).bridge;
		const reports = new Array<ActionReport>();
		taker.actionCompleted.Connect((report) => reports.push(report));
		scheduler.runUntil(() => taker.status().adopted >= left, 300, 1);
		expect(taker.status().adopted).to.equal(left);
		// Some of them run while we watch; the rest are in the taker's own journal.
		scheduler.runUntil(() => reports.size() >= 50, 600, 1);
		expect(reports.size() >= 50).to.equal(true);
		const figures = cloud.memory.figures();
		expect(figures.errors.get("TotalMemoryOverLimit") ?? 0).to.equal(0);
		expect(figures.peakBytes < figures.quotaBytes).to.equal(true);
	});
};
