// Time-dependent behaviour of the Hyra and Open Cloud providers on a virtual clock: Hyra's
// daily quota parked until 05:00 UTC, its request pacing, and Open Cloud's per-owner limits
// read from x-ratelimit-* headers.
import RankBridge from "../../../src";
import { member } from "../helpers/bridges";
import { virtualProviderWorld } from "../helpers/providerBridges";

/** The virtual clock starts at 2026-01-01 00:00:00 UTC; Hyra's quota day turns at 05:00 UTC. */
const FIVE_AM = 1_767_225_600 + 5 * 3600;

function settled(promise: Promise<unknown>): boolean {
	return promise.getStatus() !== Promise.Status.Started;
}

export = () => {
	describe("Hyra's daily quota", () => {
		it("parks rank actions until 05:00 UTC, then runs them, without hammering meanwhile", () => {
			const { scheduler, world, transport, bridge } = virtualProviderWorld("hyra", { hyra: { quotaUsed: 500 } });
			const ranker = bridge();
			const recruit = member(world, "Recruit1").id;
			const privateId = member(world, "Private1").id;
			const first = ranker.setRank(recruit, 10);
			const second = ranker.promote(privateId);
			scheduler.advance(5);
			expect(ranker.status().parked).to.equal(2);
			expect(ranker.status().quotaResumesAt).to.equal(FIVE_AM);
			expect(ranker.status().quotaLeft).to.equal(0);
			const sent = transport.requests;
			scheduler.advance(FIVE_AM - scheduler.unixTime() - 1);
			expect(settled(first) || settled(second)).to.equal(false);
			expect(transport.requests).to.equal(sent);
			expect(scheduler.runUntil(() => settled(first) && settled(second), 30)).to.equal(true);
			expect(first.expect().newRank).to.equal(10);
			expect(second.expect().newRank).to.equal(20);
			expect(world.hyra.usage()).to.equal(2);
			expect(ranker.status().parked).to.equal(0);
			expect(ranker.status().quotaResumesAt).to.equal(undefined);
		});

		it("lets the 500th call of the day through and parks the 501st", () => {
			const { scheduler, world, bridge } = virtualProviderWorld("hyra", { hyra: { quotaUsed: 499 } });
			const ranker = bridge();
			const first = ranker.setRank(member(world, "Recruit1").id, 10);
			expect(scheduler.runUntil(() => settled(first), 10)).to.equal(true);
			first.expect();
			const second = ranker.setRank(member(world, "Private1").id, 20);
			scheduler.advance(5);
			expect(settled(second)).to.equal(false);
			expect(ranker.status().parked).to.equal(1);
			expect(ranker.status().quotaLeft).to.equal(0);
			expect(world.hyra.usage()).to.equal(500);
		});
	});

	describe("Hyra pacing", () => {
		it("sends at most 60 requests a minute per token (Hyra documents no limit)", () => {
			const { scheduler, world, bridge } = virtualProviderWorld("hyra");
			const ranker = bridge();
			// Spread over members: one member's own actions go one after another, each after the
			// last is journaled, which would pace them below the limit by itself.
			const names = ["Recruit1", "Private1", "Sergeant1", "Officer1"];
			const actions = new Array<Promise<unknown>>();
			// Each member goes to 20, then 10, then 20...: every action a change.
			for (let i = 0; i < 61; i++) actions.push(ranker.setRank(member(world, names[i % 4]).id, i % 8 < 4 ? 20 : 10));
			scheduler.advance(59);
			expect(world.hyra.usage()).to.equal(60);
			expect(scheduler.runUntil(() => actions.every(settled), 10)).to.equal(true);
			expect(world.hyra.usage()).to.equal(61);
		});
	});

	describe("Open Cloud's per-owner limits", () => {
		it("holds an operation when x-ratelimit-remaining reaches 0 until x-ratelimit-reset, so no request is throttled", () => {
			const { scheduler, world, bridge } = virtualProviderWorld("opencloud", {
				openCloud: { rateLimits: { AssignRoleGroupMembership: 2 } },
			});
			const ranker = bridge();
			const started = scheduler.now();
			// One member, so the three assigns go one after another and each answer is seen before the next.
			const recruit = member(world, "Recruit1").id;
			const actions = [ranker.promote(recruit), ranker.promote(recruit), ranker.promote(recruit)];
			expect(scheduler.runUntil(() => actions.every(settled), 120)).to.equal(true);
			for (const action of actions) action.expect();
			expect(world.group.rankOf(recruit)).to.equal(30);
			expect(ranker.status().lastError).to.equal(undefined);
			expect(scheduler.now() - started >= 55).to.equal(true);
		});

		it("waits out a 429 for the time the headers give", () => {
			const { scheduler, emulator, world, bridge } = virtualProviderWorld("opencloud");
			emulator.fault({ kind: "rateLimited", service: "opencloud", pathContains: ":assignRole", retryAfter: 20 });
			const ranker = bridge();
			const started = scheduler.now();
			const action = ranker.setRank(member(world, "Recruit1").id, 10);
			expect(scheduler.runUntil(() => settled(action), 60)).to.equal(true);
			expect(action.expect().newRank).to.equal(10);
			expect(scheduler.now() - started >= 20).to.equal(true);
			expect(ranker.status().lastError?.kind).to.equal(RankBridge.ErrorKind.RateLimited);
		});
	});
};
