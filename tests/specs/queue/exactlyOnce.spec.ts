// Exactly once across the servers of a game (virtual time, simulated servers sharing one
// MemoryStore and DataStore): work accepted on a server that crashes is finished by another; an id
// submitted on several servers runs once, even when all of them park it on a spent quota; one
// member's actions run one at a time game-wide; an unknown outcome counts as done only when the
// rank is exactly what the action was to produce. Every spec runs with each server's GroupService
// answering fresh, and from a cache (Roblox does not say which).
import type { ActionReport } from "../../../src/core/action";
import { DoneRecords } from "../../../src/core/doneRecords";
import { Lanes } from "../../../src/core/lanes";
import { member, virtualWorld } from "../helpers/bridges";
import { GROUP_CACHES, useGroupCache } from "../helpers/variants";
import type { VirtualScheduler } from "../helpers/virtualScheduler";

function outcome<T>(promise: Promise<T>) {
	const result: { ok?: boolean; value?: unknown } = {};
	promise.then(
		(value) => {
			result.ok = true;
			result.value = value;
		},
		(reason) => {
			result.ok = false;
			result.value = reason;
		},
	);
	return result;
}

function runFor(scheduler: VirtualScheduler, seconds: number) {
	scheduler.runUntil(() => false, seconds, 0.25);
}

export = () => {
	// TestEZ gives describe, it and expect to this function only: the helper lives inside it.
	const specs = () => {
		/** A copy of a finished id, reported done without being sent: one change in the service's log. */
		const expectAlreadyDone = (replay: { ok?: boolean; value?: unknown }, world: ReturnType<typeof virtualWorld>["world"]) => {
			expect(replay.ok).to.equal(true);
			expect((replay.value as { alreadyDone?: boolean }).alreadyDone).to.equal(true);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		};

		describe("a server that crashes", () => {
			it("leaves its accepted work for another server, which finishes each action once", () => {
				const { scheduler, world, server, emulator } = virtualWorld();
				const doomed = server({ timeout: 10 });
				const survivor = server();
				const finished = new Array<ActionReport>();
				survivor.bridge.actionCompleted.Connect((report) => finished.push(report));
				const recruit = member(world, "Recruit1").id;
				// The first promote gets no answer before the crash; the two behind it wait their turn.
				emulator.fault({ kind: "hang", apply: false, seconds: 60, pathContains: "/api/roblox/promote" });
				for (let i = 0; i < 3; i++) doomed.bridge.promote(recruit, { reason: "Drill passed" });
				scheduler.runUntil(() => doomed.transport.requests > 0, 10, 0.1);
				expect(doomed.bridge.status().unwritten).to.equal(0);
				doomed.kill();
				const crashedAt = scheduler.now();
				scheduler.runUntil(() => finished.size() === 3, 600);
				expect(finished.size()).to.equal(3);
				// Picked up once the crashed server's heartbeat had stood still long enough, and run then.
				expect(scheduler.now() - crashedAt < 180).to.equal(true);
				expect(world.group.rankOf(recruit)).to.equal(30);
				expect(world.rankgun.rankLog.size()).to.equal(3);
				expect(finished.every((report) => report.reason === "Drill passed")).to.equal(true);
				expect(survivor.bridge.status().adopted).to.equal(3);
			});

			it("settles an action it had on the wire instead of sending it again", () => {
				const { scheduler, world, server, emulator } = virtualWorld();
				const doomed = server({ timeout: 10 });
				const survivor = server();
				const userId = member(world, "Private1").id;
				emulator.fault({ kind: "hang", apply: true, seconds: 30, pathContains: "/api/roblox/promote" });
				doomed.bridge.promote(userId);
				scheduler.runUntil(() => world.rankgun.rankLog.size() === 1, 10, 0.1);
				doomed.kill();
				scheduler.runUntil(() => survivor.bridge.status().adopted === 1 && survivor.bridge.status().queued === 0, 600);
				runFor(scheduler, 60);
				expect(world.group.rankOf(userId)).to.equal(20);
				expect(world.rankgun.rankLog.size()).to.equal(1);
			});

			it("settles an action it had on the wire once, when the adoption fails after moving its lane and the adopter has work for that member", () => {
				const { scheduler, world, server, emulator, cloud } = virtualWorld();
				const doomed = server({ timeout: 10 });
				const survivor = server();
				const first = member(world, "Private1").id;
				const second = member(world, "Recruit1").id;
				// Both promotes land, and neither answer comes back before the crash.
				emulator.fault({ kind: "hang", apply: true, seconds: 30, count: 2, pathContains: "/api/roblox/promote" });
				doomed.bridge.promote(first);
				doomed.bridge.promote(second);
				scheduler.runUntil(() => world.rankgun.rankLog.size() === 2, 10, 0.1);
				doomed.kill();
				// The adopter's move of the second member's lane is stored, but its answer is lost:
				// the adoption fails after the first member's lane is already this server's.
				const secondLane = Lanes.key(`user:${second}`);
				let lost = 0;
				cloud.memory.faults.loseAnswerWhen = (key) => key === secondLane && ++lost === 1;
				// Meanwhile a promote of the first member comes in on the adopter.
				const own = outcome(survivor.bridge.promote(first));
				scheduler.runUntil(
					() => own.ok !== undefined && survivor.bridge.status().adopted === 2 && survivor.bridge.status().queued === 0,
					900,
				);
				runFor(scheduler, 60);
				expect(lost > 0).to.equal(true);
				expect(own.ok).to.equal(true);
				// Each member promoted once by the crashed server, the first once more by the adopter.
				expect(world.group.rankOf(first)).to.equal(30);
				expect(world.group.rankOf(second)).to.equal(10);
				expect(world.rankgun.rankLog.size()).to.equal(3);
			});

			it("leaves a journal of hundreds of batches that another server takes over whole (a few reads at a time: a server's DataStore queue holds 30)", () => {
				const { scheduler, world, server } = virtualWorld({ rankgun: { tier: "free" } });
				// The monthly quota is spent, so everything accepted waits in the journal.
				world.rankgun.setRanksThisMonth(170);
				world.rankgun.usage.usageResetAt = scheduler.unixTime() + 86_400;
				const doomed = server({}, { players: 10 });
				// An empty server: 60 reads a minute, so most of the 200 batches wait in its throttle queue.
				const survivor = server();
				const userId = member(world, "Private1").id;
				for (let i = 0; i < 200; i++) {
					doomed.bridge.promote(userId, { reason: `drill ${i}` });
					runFor(scheduler, 1);
				}
				runFor(scheduler, 3);
				expect(doomed.bridge.status().unwritten).to.equal(0);
				doomed.kill();
				scheduler.runUntil(() => survivor.bridge.status().adopted === 200, 900);
				expect(survivor.bridge.status().adopted).to.equal(200);
				expect(survivor.bridge.status().queued + survivor.bridge.status().parked >= 200).to.equal(true);
			});

			it("writes accepted work to the journal within two seconds", () => {
				const { scheduler, world, server } = virtualWorld();
				const { bridge } = server();
				bridge.promote(member(world, "Private1").id);
				bridge.demote(member(world, "Corporal1").id);
				expect(bridge.status().unwritten).to.equal(2);
				runFor(scheduler, 2.5);
				expect(bridge.status().unwritten).to.equal(0);
			});
		});

		describe("one id on several servers", () => {
			it("runs an id submitted on two servers at the same moment once", () => {
				const { scheduler, world, server } = virtualWorld();
				const userId = member(world, "Private1").id;
				const first = outcome(server().bridge.promote(userId, { id: "same-moment" }));
				const second = outcome(server().bridge.promote(userId, { id: "same-moment" }));
				scheduler.runUntil(() => first.ok !== undefined && second.ok !== undefined, 120);
				expect(first.ok).to.equal(true);
				expect(second.ok).to.equal(true);
				expect(world.group.rankOf(userId)).to.equal(20);
				expect(world.rankgun.rankLog.size()).to.equal(1);
				const copies = [first.value as { alreadyDone?: boolean }, second.value as { alreadyDone?: boolean }].filter(
					(value) => value.alreadyDone === true,
				);
				expect(copies.size()).to.equal(1);
			});

			it("runs an id parked on three servers during a spent quota once, after the reset", () => {
				const { scheduler, world, server } = virtualWorld({ rankgun: { tier: "free" } });
				world.rankgun.setRanksThisMonth(170);
				const resetAt = scheduler.unixTime() + 600;
				world.rankgun.usage.usageResetAt = resetAt;
				const userId = member(world, "Private1").id;
				const results = [server(), server(), server()].map(({ bridge }) => outcome(bridge.promote(userId, { id: "parked-everywhere" })));
				runFor(scheduler, 120);
				expect(world.rankgun.rankLog.size()).to.equal(0);
				scheduler.advance(resetAt - scheduler.unixTime());
				world.rankgun.setRanksThisMonth(0);
				scheduler.runUntil(() => results.every((result) => result.ok !== undefined), 600);
				expect(results.every((result) => result.ok === true)).to.equal(true);
				expect(world.group.rankOf(userId)).to.equal(20);
				expect(world.rankgun.rankLog.size()).to.equal(1);
			});

			it("recognises an id long after it finished, on a server that never saw it", () => {
				const { scheduler, world, server } = virtualWorld();
				const userId = member(world, "Private1").id;
				const first = outcome(server().bridge.promote(userId, { id: "weeks-later" }));
				scheduler.runUntil(() => first.ok !== undefined, 120);
				// Three weeks on: the lane's memory of it is long gone, the done record is not.
				scheduler.advance(21 * 86_400);
				const replay = outcome(server().bridge.promote(userId, { id: "weeks-later" }));
				scheduler.runUntil(() => replay.ok !== undefined, 120);
				expectAlreadyDone(replay, world);
			});

			it("sends an id long after it finished only once its done record can be read, and then not at all", () => {
				const { scheduler, world, server, cloud } = virtualWorld();
				const userId = member(world, "Private1").id;
				const first = outcome(server().bridge.promote(userId, { id: "weeks-later" }));
				scheduler.runUntil(() => first.ok !== undefined, 120);
				scheduler.advance(21 * 86_400);
				// The lane has long forgotten it; for five minutes every read of the member's done records fails.
				const recordKey = DoneRecords.key(`user:${userId}`);
				const failUntil = scheduler.now() + 300;
				cloud.data.faults.failWhen = (key) => key === recordKey && scheduler.now() < failUntil;
				const replay = outcome(server().bridge.promote(userId, { id: "weeks-later" }));
				runFor(scheduler, 250);
				expect(replay.ok).to.equal(undefined);
				scheduler.runUntil(() => replay.ok !== undefined, 300);
				expectAlreadyDone(replay, world);
				expect(world.group.rankOf(userId)).to.equal(20);
			});

			it("keeps trying to write an id's done record through a ten-minute DataStore failure, so a copy weeks later is recognised", () => {
				const { scheduler, world, server, cloud } = virtualWorld();
				const userId = member(world, "Private1").id;
				// Once the promote has landed, every write (and read) of the member's done records fails
				// for ten minutes.
				const recordKey = DoneRecords.key(`user:${userId}`);
				const failUntil = scheduler.now() + 600;
				cloud.data.faults.failWhen = (key) => key === recordKey && world.rankgun.rankLog.size() > 0 && scheduler.now() < failUntil;
				const first = outcome(server().bridge.promote(userId, { id: "through-an-outage" }));
				scheduler.runUntil(() => first.ok !== undefined, 60);
				expect(first.ok).to.equal(true);
				runFor(scheduler, 700);
				scheduler.advance(21 * 86_400);
				const replay = outcome(server().bridge.promote(userId, { id: "through-an-outage" }));
				scheduler.runUntil(() => replay.ok !== undefined, 300);
				expectAlreadyDone(replay, world);
			});

			it("refuses an id too long to keep, saying how long it may be", () => {
				const { scheduler, world, server } = virtualWorld();
				const result = outcome(server().bridge.promote(member(world, "Private1").id, { id: "x".rep(101) }));
				scheduler.runUntil(() => result.ok !== undefined, 10);
				expect(result.ok).to.equal(false);
				expect((result.value as { kind: string }).kind).to.equal("InvalidRequest");
				expect((result.value as { message: string }).message.find("at most 100 characters", 1, true)[0] !== undefined).to.equal(true);
			});
		});

		describe("one member, one action at a time, game-wide", () => {
			it("runs promotes and demotes of one member from two servers one after another, each from where the last left", () => {
				const { scheduler, world, server } = virtualWorld();
				const userId = member(world, "Corporal1").id;
				const reports = new Array<ActionReport>();
				const a = server().bridge;
				const b = server().bridge;
				for (const bridge of [a, b]) bridge.actionCompleted.Connect((report) => reports.push(report));
				const all = [a.promote(userId), b.demote(userId), a.promote(userId), b.demote(userId), a.promote(userId), b.promote(userId)];
				const done = outcome(Promise.all(all));
				scheduler.runUntil(() => done.ok !== undefined, 600);
				expect(done.ok).to.equal(true);
				expect(reports.size()).to.equal(6);
				let rank = 20;
				for (const report of reports) {
					expect(report.oldRank).to.equal(rank);
					rank = report.newRank!;
				}
				expect(world.group.rankOf(userId)).to.equal(rank);
				expect(world.rankgun.rankLog.size()).to.equal(6);
			});
		});

		describe("settling by equality", () => {
			it("reports a Conflict, not a success, when the rank was changed elsewhere while a promote's answer was lost", () => {
				const { scheduler, world, server, emulator } = virtualWorld();
				const { bridge } = server({ timeout: 5, settleDelay: 5 });
				const userId = member(world, "Private1").id;
				emulator.fault({ kind: "hang", apply: false, seconds: 30, pathContains: "/api/roblox/promote" });
				const result = outcome(bridge.promote(userId));
				scheduler.runUntil(() => emulator.roblox.groups.size() > 0, 1);
				runFor(scheduler, 6);
				// An officer changes the rank on the dashboard before the promote is settled.
				const officerRank = world.group.roleByRank(100)!;
				world.group.setOnlyRole(userId, officerRank, scheduler.unixTime());
				scheduler.runUntil(() => result.ok !== undefined, 120);
				expect(result.ok).to.equal(false);
				expect((result.value as { kind: string }).kind).to.equal("Conflict");
				expect(world.group.rankOf(userId)).to.equal(100);
				expect(world.rankgun.rankLog.size()).to.equal(0);
			});
		});
	};
	for (const cache of GROUP_CACHES) {
		describe(cache > 0 ? `GroupService caching ${cache} s` : "GroupService fresh", () => {
			useGroupCache(cache, { beforeAll, afterAll });
			specs();
		});
	}
};
