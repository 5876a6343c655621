// Rank reads through a GroupService that may answer from a cache. Roblox does not say whether
// GetGroupsAsync caches (https://create.roblox.com/docs/reference/engine/classes/GroupService#GetGroupsAsync);
// the queue settles lost answers and notes starting ranks from those reads, so each spec here runs
// once with GroupService fresh and once with each server's answering a member's rank from a 30-s
// cache (EmulatorGroups' cacheSeconds).
import { FreshRanks } from "../../../src/roblox/freshRanks";
import { Future } from "../../../src/core/future";
import { member, virtualWorld } from "../helpers/bridges";
import { EmulatorGroups } from "../helpers/emulatorGroups";
import { GROUP_CACHES } from "../helpers/variants";
import { settle, type VirtualScheduler } from "../helpers/virtualScheduler";

function answer<T>(future: Future<T>, scheduler: VirtualScheduler): T | undefined {
	let value: T | undefined;
	future.andThen((got) => (value = got));
	scheduler.runUntil(() => value !== undefined, 120);
	return value;
}

/** A rank request that takes effect and whose answer never comes back (the client times out). */
const LOST_ANSWER = { kind: "hang", apply: true, seconds: 60, pathContains: "/api/roblox" } as const;

const changes = (outcome: { ok: boolean; value: unknown } | undefined) => {
	if (!outcome) return "no answer";
	if (!outcome.ok) return `failed: ${tostring((outcome.value as { message?: string }).message ?? outcome.value)}`;
	const change = outcome.value as { oldRank: number; newRank: number };
	return `${change.oldRank}>${change.newRank}`;
};

export = () => {
	for (const cache of GROUP_CACHES) {
		describe(`rank reads, GroupService ${cache > 0 ? `caching ${cache} s` : "fresh"}`, () => {
			it("counts a promotion whose answer was lost as done, and applies it once", () => {
				const { scheduler, world, server, emulator } = virtualWorld();
				const { bridge } = server({ timeout: 10 }, { groupCache: cache });
				const userId = member(world, "Private1").id;
				emulator.fault(LOST_ANSWER);
				const outcome = settle(bridge.promote(userId), scheduler);
				expect(changes(outcome)).to.equal("10>20");
				expect(world.group.rankOf(userId)).to.equal(20);
				// A read from the cache filled before it was sent shows it unapplied: sent again, the
				// service would log a second change.
				expect(world.rankgun.rankLog.size()).to.equal(1);
			});

			it("starts a later promotion from the rank the one before gave, its answer lost too", () => {
				const { scheduler, world, server, emulator } = virtualWorld();
				const { bridge } = server({ timeout: 10 }, { groupCache: cache });
				const userId = member(world, "Private1").id;
				expect(changes(settle(bridge.promote(userId), scheduler))).to.equal("10>20");
				scheduler.advance(5);
				emulator.fault(LOST_ANSWER);
				expect(changes(settle(bridge.promote(userId), scheduler))).to.equal("20>30");
				expect(world.group.rankOf(userId)).to.equal(30);
				expect(world.rankgun.rankLog.size()).to.equal(2);
			});

			it("starts from another server's change, though this server read the rank before it", () => {
				const { scheduler, world, server, emulator } = virtualWorld();
				const first = server({ timeout: 10 }, { groupCache: cache });
				const second = server({ timeout: 10 }, { groupCache: cache });
				const userId = member(world, "Private1").id;
				expect(settle(second.bridge.getRank(userId), scheduler)?.value).to.equal(10);
				expect(changes(settle(first.bridge.promote(userId), scheduler))).to.equal("10>20");
				scheduler.advance(5);
				emulator.fault(LOST_ANSWER);
				expect(changes(settle(second.bridge.promote(userId), scheduler))).to.equal("20>30");
				expect(world.group.rankOf(userId)).to.equal(30);
				expect(world.rankgun.rankLog.size()).to.equal(2);
			});
		});
	}

	describe("FreshRanks", () => {
		it("reads again, once the cache that may hold the old rank has run out, after a change", () => {
			const { scheduler, world, emulator } = virtualWorld();
			const groups = new EmulatorGroups(emulator, scheduler, 30);
			const ranks = new FreshRanks(groups, 30, scheduler);
			const userId = member(world, "Private1").id;
			const groupId = world.group.id;
			expect(answer(ranks.rankOf(groupId, userId), scheduler)).to.equal(10);
			world.group.setOnlyRole(userId, world.group.roleByRank(20)!, 0);
			ranks.changed(userId);
			const asked = scheduler.now();
			expect(answer(ranks.rankOf(groupId, userId), scheduler)).to.equal(20);
			// The first read answered 0.1 s after it began; its cache lasts 30 s from then.
			const waited = scheduler.now() - asked;
			expect(waited > 29 && waited < 31).to.equal(true);
		});

		it("takes a read showing the rank the change gave at once", () => {
			const { scheduler, world, emulator } = virtualWorld();
			const groups = new EmulatorGroups(emulator, scheduler, 0);
			const ranks = new FreshRanks(groups, 30, scheduler);
			const userId = member(world, "Private1").id;
			expect(answer(ranks.rankOf(world.group.id, userId), scheduler)).to.equal(10);
			world.group.setOnlyRole(userId, world.group.roleByRank(20)!, 0);
			ranks.changed(userId, 20);
			const asked = scheduler.now();
			expect(answer(ranks.rankOf(world.group.id, userId), scheduler)).to.equal(20);
			expect(scheduler.now() - asked < 1).to.equal(true);
		});

		it("takes a read showing the rank a lost send would give at once, when no cache could hold that rank", () => {
			const { scheduler, world, emulator } = virtualWorld();
			const ranks = new FreshRanks(new EmulatorGroups(emulator, scheduler, 0), 30, scheduler);
			const userId = member(world, "Private1").id;
			expect(answer(ranks.rankOf(world.group.id, userId), scheduler)).to.equal(10);
			// A promote to 20 is sent, its answer lost; it landed.
			world.group.setOnlyRole(userId, world.group.roleByRank(20)!, 0);
			ranks.changed(userId, 20, false);
			const asked = scheduler.now();
			expect(answer(ranks.rankOf(world.group.id, userId), scheduler)).to.equal(20);
			expect(scheduler.now() - asked < 1).to.equal(true);
		});

		it("waits out a cache that could hold the rank a lost send would give", () => {
			const { scheduler, world, emulator } = virtualWorld();
			const ranks = new FreshRanks(new EmulatorGroups(emulator, scheduler, 30), 30, scheduler);
			const userId = member(world, "Private1").id;
			// Read (and cached) at 10; promoted to 20; then a demote, which would give 10 again, is
			// sent and its answer lost, and it did not land. The cache still says 10.
			expect(answer(ranks.rankOf(world.group.id, userId), scheduler)).to.equal(10);
			world.group.setOnlyRole(userId, world.group.roleByRank(20)!, 0);
			ranks.changed(userId, 20);
			ranks.changed(userId, 10, false);
			const asked = scheduler.now();
			expect(answer(ranks.rankOf(world.group.id, userId), scheduler)).to.equal(20);
			expect(scheduler.now() - asked > 29).to.equal(true);
		});

		it("keeps nothing for members whose reads ran out", () => {
			const { scheduler, world, emulator } = virtualWorld();
			const ranks = new FreshRanks(new EmulatorGroups(emulator, scheduler, 30), 30, scheduler);
			const userIds = world.members.map((user) => user.id);
			let answered = 0;
			userIds.forEach((userId) => ranks.rankOf(world.group.id, userId).andThen(() => (answered += 1)));
			scheduler.runUntil(() => answered === userIds.size(), 60);
			userIds.forEach((userId) => ranks.changed(userId));
			expect(ranks.size()).to.equal(userIds.size());
			scheduler.advance(31);
			answer(ranks.rankOf(world.group.id, userIds[0]), scheduler);
			expect(ranks.size()).to.equal(1);
		});
	});
};
