// The action queue under virtual time, against an in-process emulator: order, retries, unknown
// outcomes settled without doubling, quota parking, replays, signals.
import type { ActionReport } from "../../../src/core/action";
import { SHORT_TTL } from "../../../src/core/lanes";
import { member, virtualWorld } from "../helpers/bridges";
import { chaosMembers } from "../helpers/chaos";
import { GROUP_CACHES } from "../helpers/variants";
import { settle } from "../helpers/virtualScheduler";

export = () => {
	describe("order", () => {
		it("runs one member's actions in the order they were asked", () => {
			const { scheduler, world, server } = virtualWorld();
			const { bridge } = server();
			const userId = member(world, "Private1").id;
			const results = [bridge.promote(userId), bridge.promote(userId), bridge.demote(userId), bridge.setRank(userId, 100)];
			const outcome = settle(Promise.all(results), scheduler);
			expect(outcome?.ok).to.equal(true);
			const changes = (outcome!.value as Array<{ oldRank: number; newRank: number }>).map((change) => `${change.oldRank}>${change.newRank}`);
			expect(changes.join(" ")).to.equal("10>20 20>30 30>20 20>100");
			expect(world.group.rankOf(userId)).to.equal(100);
		});
	});

	describe("retries", () => {
		it("retries a 500 and applies the promotion once", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server();
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "serverError", count: 2, pathContains: "/api/roblox" });
			const outcome = settle(bridge.promote(userId), scheduler);
			expect(outcome?.ok).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		});

		it("waits as long as Retry-After says before trying again", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server();
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "rateLimited", retryAfter: 20, pathContains: "/api/roblox" });
			const started = scheduler.now();
			const outcome = settle(bridge.promote(userId), scheduler);
			expect(outcome?.ok).to.equal(true);
			expect(scheduler.now() - started >= 20).to.equal(true);
		});

		it("gives up on a rank read that hangs after 60 s and sends the promotion without it", () => {
			const { scheduler, world, server, groups } = virtualWorld();
			const { bridge } = server();
			const userId = member(world, "Private1").id;
			// The rank a promotion starts from is read before it is claimed and again just before its
			// request goes; here neither read answers for a quarter of an hour.
			groups.readSeconds = 900;
			const outcome = settle(bridge.promote(userId), scheduler, 200);
			expect(outcome?.ok).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
			// The reads' late answers change nothing.
			scheduler.advance(900);
			expect(world.rankgun.rankLog.size()).to.equal(1);
			expect(bridge.status().inFlight).to.equal(0);
		});

		it("gives up on each hanging read 60 s after it began, however many hang and whenever they began", () => {
			const { scheduler, world, server, groups } = virtualWorld();
			const { bridge } = server();
			groups.readSeconds = 900;
			// Three reads hang on the way to each promotion's request: each is dropped
			// 60 s after it began, so a promotion goes out about 180 s after it was asked for.
			const start = scheduler.now();
			const doneAt = new Array<number>();
			bridge.promote(member(world, "Private1").id).then(() => (doneAt[0] = scheduler.now() - start));
			scheduler.advance(30);
			bridge.promote(member(world, "Recruit1").id).then(() => (doneAt[1] = scheduler.now() - start));
			scheduler.advance(15);
			bridge.promote(member(world, "Corporal1").id).then(() => (doneAt[2] = scheduler.now() - start));
			scheduler.runUntil(() => doneAt[0] !== undefined && doneAt[1] !== undefined && doneAt[2] !== undefined, 400);
			const times = `${doneAt[0]} ${doneAt[1]} ${doneAt[2]}`;
			const near = (seconds: number | undefined, from: number) => seconds !== undefined && seconds >= from && seconds < from + 10;
			expect(`${near(doneAt[0], 180)} ${near(doneAt[1], 210)} ${near(doneAt[2], 225)} (${times})`).to.equal(`true true true (${times})`);
			expect(world.rankgun.rankLog.size()).to.equal(3);
		});

		it("fails at once, without retrying, on an error retrying cannot fix", () => {
			const { scheduler, server, emulator } = virtualWorld();
			const { bridge } = server();
			const failed = new Array<ActionReport>();
			bridge.actionFailed.Connect((report) => failed.push(report));
			const outsider = emulator.roblox.createUser("Outsider");
			const outcome = settle(bridge.promote(outsider.id), scheduler);
			expect(outcome?.ok).to.equal(false);
			expect((outcome!.value as { kind: string }).kind).to.equal("NotInGroup");
			expect(failed[0].attempts).to.equal(1);
		});

		it("gives up on a failing service after the attempt cap, with the last error", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server({ retry: { maxAttempts: 3 } });
			emulator.fault({ kind: "serverError", count: 50, pathContains: "/api/roblox" });
			const outcome = settle(bridge.setRank(member(world, "Private1").id, 30), scheduler);
			expect(outcome?.ok).to.equal(false);
			expect((outcome!.value as { kind: string }).kind).to.equal("Transient");
			expect(world.group.rankOf(member(world, "Private1").id)).to.equal(10);
		});
	});

	describe("unknown outcomes", () => {
		it("does not promote twice when a promotion timed out after it was applied", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server({ timeout: 5 });
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "hang", apply: true, seconds: 30, pathContains: "/api/roblox/promote" });
			const outcome = settle(bridge.promote(userId), scheduler);
			expect(outcome?.ok).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		});

		it("does not promote twice when an officer changed the rank while the promotion waited for its rate slot, and its answer was lost", () => {
			// One request a minute: the promotion waits for the slot a first change took.
			const { scheduler, world, server, emulator } = virtualWorld({}, { windowSeconds: 60, requestsPerWindow: 1 });
			const { bridge } = server({ timeout: 5 });
			const userId = member(world, "Sergeant1").id;
			settle(bridge.setRank(member(world, "Private1").id, 20), scheduler);
			const promoted = bridge.promote(userId);
			scheduler.advance(10);
			// Meanwhile an officer demotes them to 20 on the dashboard; the promotion then lands
			// (20 -> 30, back where RankBridge first read them) and its answer is lost.
			world.group.setOnlyRole(userId, world.group.roleByRank(20)!, scheduler.unixTime());
			emulator.fault({ kind: "hang", apply: true, seconds: 30, pathContains: "/api/roblox/promote" });
			const outcome = settle(promoted, scheduler);
			expect(outcome?.ok).to.equal(true);
			const change = outcome!.value as { oldRank: number; newRank: number };
			expect(`${change.oldRank}>${change.newRank}`).to.equal("20>30");
			expect(world.group.rankOf(userId)).to.equal(30);
			expect(world.rankgun.rankLog.filter((entry) => entry.userId === userId).size()).to.equal(1);
		});

		it("passes the rate limit again when the rank read before sending is slow, so no request goes out on a stale slot", () => {
			const { scheduler, world, server, groups } = virtualWorld({ members: chaosMembers(120) });
			const { bridge, transport } = server();
			// GroupService is slow for the first minute's requests (they would arrive seconds after
			// their slots were counted), then quick for the rest (sent as soon as slots free).
			groups.readSeconds = 4;
			scheduler.delay(30, () => (groups.readSeconds = 0.1));
			const outcome = settle(Promise.all(world.members.map((user) => bridge.promote(user.id))), scheduler, 900);
			expect(outcome?.ok).to.equal(true);
			expect(world.rankgun.rankLog.size()).to.equal(120);
			expect(transport.statuses.get(429) ?? 0).to.equal(0);
		});

		it("turns a promotion that timed out before it was applied into a set to the next rank", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server({ timeout: 5 });
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "hang", apply: false, seconds: 30, pathContains: "/api/roblox/promote" });
			const reports = new Array<ActionReport>();
			bridge.actionCompleted.Connect((report) => reports.push(report));
			const outcome = settle(bridge.promote(userId), scheduler);
			expect(outcome?.ok).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
			expect(world.rankgun.rankLog[0].kind).to.equal("setrank");
			expect(reports[0].kind).to.equal("promote");
		});

		// Roblox does not say whether GroupService answers rank reads from a cache: fresh, and cached 30 s.
		for (const cache of GROUP_CACHES) {
			it(`does not send the set to the next rank over an officer's change made while it waited for its rate slot (GroupService ${cache > 0 ? `caching ${cache} s` : "fresh"})`, () => {
				// One request in two minutes: the promotion takes the slot and its answer is lost; the
				// settle's read shows it did not land, and its "set to the next rank" waits for the next
				// slot, long enough that no read from before the officer's change can still be cached.
				const { scheduler, world, server, emulator } = virtualWorld({}, { windowSeconds: 120, requestsPerWindow: 1 });
				const { bridge } = server({ timeout: 5 }, { groupCache: cache });
				const userId = member(world, "Private1").id;
				emulator.fault({ kind: "hang", apply: false, seconds: 30, pathContains: "/api/roblox/promote" });
				const promoted = bridge.promote(userId);
				// The settle reads the rank once no read made before the send could still be cached (30 s).
				scheduler.advance(50);
				expect(world.group.rankOf(userId)).to.equal(10);
				// Meanwhile an officer sets them to 30 on the dashboard.
				world.group.setOnlyRole(userId, world.group.roleByRank(30)!, scheduler.unixTime());
				const outcome = settle(promoted, scheduler, 600);
				expect(outcome?.ok).to.equal(false);
				expect((outcome!.value as { kind: string }).kind).to.equal("Conflict");
				expect(world.group.rankOf(userId)).to.equal(30);
				expect(world.rankgun.rankLog.size()).to.equal(0);
			});
		}

		it("refuses to guess when the rank before a timed-out promotion is unknown", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server({ timeout: 5, groups: false });
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "hang", apply: false, seconds: 30, pathContains: "/api/roblox/promote" });
			const outcome = settle(bridge.promote(userId), scheduler);
			expect(outcome?.ok).to.equal(false);
			expect((outcome!.value as { kind: string }).kind).to.equal("Timeout");
			expect(world.rankgun.rankLog.size()).to.equal(0);
		});

		it("waits the settle delay before reading what an unanswered request did", () => {
			const { scheduler, world, server, emulator, groups } = virtualWorld();
			const { bridge } = server({ timeout: 5, settleDelay: 30 });
			emulator.fault({ kind: "hang", apply: true, seconds: 30, pathContains: "/api/roblox/promote" });
			const readsBefore = groups.reads;
			bridge.promote(member(world, "Private1").id);
			scheduler.advance(20);
			// The rank before it, read when queued and again just before the request went.
			expect(groups.reads).to.equal(readsBefore + 2);
			scheduler.advance(30);
			expect(groups.reads).to.equal(readsBefore + 3);
		});
	});

	describe("out of attempts or time with the outcome unknown", () => {
		it("counts a promotion whose answer was lost on its last attempt as done when a read shows it landed", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server({ timeout: 5, retry: { maxAttempts: 1 } });
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "hang", apply: true, seconds: 30, pathContains: "/api/roblox/promote" });
			const outcome = settle(bridge.promote(userId), scheduler);
			expect(outcome?.ok).to.equal(true);
			const change = outcome!.value as { oldRank: number; newRank: number };
			expect(`${change.oldRank}>${change.newRank}`).to.equal("10>20");
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		});

		it("counts a promotion that waited out its time for a rate slot, landed and lost its answer, as done", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server({ timeout: 5, retry: { maxElapsed: 55 } });
			const userId = member(world, "Private1").id;
			// Throttled with Retry-After 50 s, it goes again 50 s into its 55; that request lands and
			// its answer is lost, 5 s later: its time is up.
			emulator.fault({ kind: "rateLimited", retryAfter: 50, pathContains: "/api/roblox/promote" });
			emulator.fault({ kind: "hang", apply: true, seconds: 30, pathContains: "/api/roblox/promote" });
			const started = scheduler.now();
			const outcome = settle(bridge.promote(userId), scheduler);
			expect(scheduler.now() - started > 55).to.equal(true);
			expect(outcome?.ok).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		});

		it("gives a promotion that waited behind a backlog for its rate slot all its retry time", () => {
			const { scheduler, world, server, emulator } = virtualWorld({ members: chaosMembers(150) });
			const { bridge } = server({ retry: { maxElapsed: 30 } });
			const results = world.members.map((user) => bridge.promote(user.id));
			// The first minute's 100 go at once; the rest wait about a minute for slots to free, and
			// the first of them to go is answered 500. Its 30 s of retrying start there.
			scheduler.runUntil(() => world.rankgun.rankLog.size() >= 100, 120, 0.1);
			emulator.fault({ kind: "serverError", pathContains: "/api/roblox/promote" });
			const outcome = settle(Promise.all(results), scheduler, 900);
			expect(outcome?.ok).to.equal(true);
			expect(world.rankgun.rankLog.size()).to.equal(world.members.size());
		});

		it("fails a promotion whose last attempt did not land without sending it again, and a replay of its id applies it once", () => {
			const { scheduler, world, server, emulator, groups } = virtualWorld();
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "hang", apply: false, seconds: 30, pathContains: "/api/roblox/promote" });
			const first = server({ timeout: 5, retry: { maxAttempts: 1 } });
			const readsBefore = groups.reads;
			const failed = settle(first.bridge.promote(userId, { id: "promo-not-landed" }), scheduler);
			expect(failed?.ok).to.equal(false);
			expect((failed!.value as { kind: string }).kind).to.equal("Timeout");
			// Read when queued, before it went, and after its answer was lost: that read showed the
			// rank it started from, which a GroupService cache filled before the send could hold, so
			// it was made again once no such cache could be (rankCacheSeconds). Nothing was sent past
			// the limit (a second send would have landed).
			expect(groups.reads).to.equal(readsBefore + 4);
			expect(world.group.rankOf(userId)).to.equal(10);
			expect(world.rankgun.rankLog.size()).to.equal(0);
			// The member is then moved on through RankBridge; the caller replays the promotion on
			// another server. The read showed it never landed, so it is sent as asked, from where
			// the member is now, once.
			expect(settle(first.bridge.setRank(userId, 30), scheduler)?.ok).to.equal(true);
			const replay = settle(server().bridge.promote(userId, { id: "promo-not-landed" }), scheduler);
			expect(replay?.ok).to.equal(true);
			const change = replay!.value as { oldRank: number; newRank: number };
			expect(`${change.oldRank}>${change.newRank}`).to.equal("30>100");
			expect(world.group.rankOf(userId)).to.equal(100);
			const applied = world.rankgun.rankLog.map((entry) => `${entry.kind}:${entry.oldRank}>${entry.newRank}`);
			expect(applied.join(" ")).to.equal("setrank:10>30 promote:30>100");
		});
	});

	describe("quota", () => {
		it("parks rank actions while the monthly quota is spent, and runs them after the reset", () => {
			const { scheduler, world, server } = virtualWorld({ rankgun: { tier: "free" } });
			const { bridge } = server();
			world.rankgun.setRanksThisMonth(170);
			// The month ends in two minutes, so the spec does not have to simulate a whole month.
			const resetAt = scheduler.unixTime() + 120;
			world.rankgun.usage.usageResetAt = resetAt;
			const userId = member(world, "Private1").id;
			let done = false;
			bridge.promote(userId).then(() => (done = true));
			scheduler.advance(60);
			const status = bridge.status();
			expect(done).to.equal(false);
			expect(status.parked).to.equal(1);
			expect(status.quotaResumesAt).to.equal(resetAt);
			expect(status.quotaLeft).to.equal(0);
			expect(status.lastError?.kind).to.equal("QuotaExhausted");
			scheduler.advance(resetAt - scheduler.unixTime() + 1);
			scheduler.runUntil(() => done, 60);
			expect(done).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(bridge.status().parked).to.equal(0);
		});

		it("keeps reads working while rank actions are parked", () => {
			const { scheduler, world, server } = virtualWorld({ rankgun: { tier: "free" } });
			const { bridge } = server();
			world.rankgun.setRanksThisMonth(170);
			bridge.promote(member(world, "Private1").id);
			scheduler.advance(10);
			const outcome = settle(bridge.sessions.types(), scheduler);
			expect(outcome?.ok).to.equal(true);
		});
	});

	describe("replays and signals", () => {
		it("runs an action id once, however often it is submitted", () => {
			const { scheduler, world, server } = virtualWorld();
			const { bridge } = server();
			const userId = member(world, "Private1").id;
			const first = bridge.promote(userId, { id: "promo-1" });
			const second = bridge.promote(userId, { id: "promo-1" });
			settle(Promise.all([first, second]), scheduler);
			const third = settle(bridge.promote(userId, { id: "promo-1" }), scheduler);
			expect(third?.ok).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		});

		it("does not run an id another server already finished", () => {
			const { scheduler, world, server } = virtualWorld();
			const userId = member(world, "Private1").id;
			settle(server().bridge.promote(userId, { id: "promo-shared" }), scheduler);
			const replay = settle(server().bridge.promote(userId, { id: "promo-shared" }), scheduler);
			expect(replay?.ok).to.equal(true);
			expect((replay!.value as { alreadyDone?: boolean }).alreadyDone).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
		});

		it("reports a refusal another server recorded for an id, without sending it again", () => {
			const { scheduler, server, emulator } = virtualWorld();
			const outsider = emulator.roblox.createUser("Outsider");
			const first = settle(server().bridge.promote(outsider.id, { id: "promo-refused" }), scheduler);
			expect((first!.value as { kind: string }).kind).to.equal("NotInGroup");
			const second = server();
			const replay = settle(second.bridge.promote(outsider.id, { id: "promo-refused" }), scheduler);
			expect(replay?.ok).to.equal(false);
			expect((replay!.value as { kind: string }).kind).to.equal("NotInGroup");
			expect((replay!.value as { message: string }).message.find("already failed on another server", 1, true)[0]).to.be.ok();
			expect(second.transport.requests).to.equal(0);
		});

		it("lets a replay of an id try again when it failed only because retries ran out", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const userId = member(world, "Private1").id;
			emulator.fault({ kind: "serverError", count: 1, pathContains: "/api/roblox/promote" });
			const first = settle(server({ retry: { maxAttempts: 1 } }).bridge.promote(userId, { id: "promo-outage" }), scheduler);
			expect((first!.value as { kind: string }).kind).to.equal("Transient");
			const replay = settle(server().bridge.promote(userId, { id: "promo-outage" }), scheduler);
			expect(replay?.ok).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
		});

		/**
		 * A promote named `id` that lands but whose answer is lost (it times out, one try only), and
		 * the last read before giving up fails too: it fails with Timeout, its outcome unknown.
		 * `first` is the server that sent it.
		 */
		const lostPromote = (id: string) => {
			const made = virtualWorld();
			const userId = member(made.world, "Private1").id;
			made.emulator.fault({ kind: "hang", apply: true, seconds: 30, pathContains: "/api/roblox/promote" });
			const first = made.server({ timeout: 5, settleDelay: 30, retry: { maxAttempts: 1 } });
			const lost = first.bridge.promote(userId, { id });
			// The rank before it is read when queued and just before it goes; the read after the lost
			// answer comes once the settle delay is over, and fails.
			const readsBefore = made.groups.reads;
			made.scheduler.advance(20);
			expect(made.groups.reads).to.equal(readsBefore + 2);
			made.groups.failNext = 1;
			const outcome = settle(lost, made.scheduler);
			expect((outcome!.value as { kind: string }).kind).to.equal("Timeout");
			expect(made.groups.failNext).to.equal(0);
			return { ...made, first, userId };
		};

		it("settles a replayed id whose earlier try may have landed, instead of sending it again", () => {
			const { scheduler, world, server, userId } = lostPromote("promo-lost");
			const replay = settle(server().bridge.promote(userId, { id: "promo-lost" }), scheduler);
			expect(replay?.ok).to.equal(true);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		});

		it("settles a replayed id whose earlier try may have landed against the rank it was sent from, after later changes", () => {
			const { scheduler, world, server, first, userId } = lostPromote("promo-lost-then-moved");
			// The promote landed (10 -> 20); then the member is moved on through RankBridge.
			const moved = settle(first.bridge.setRank(userId, 30), scheduler);
			expect(moved?.ok).to.equal(true);
			// A replay on another server finds the lane moved on since: the promote is settled against
			// rank 10, where it was sent from, not against 30 (from which it would be applied again).
			const replay = settle(server().bridge.promote(userId, { id: "promo-lost-then-moved" }), scheduler);
			expect(replay?.ok).to.equal(false);
			expect((replay!.value as { kind: string }).kind).to.equal("Conflict");
			expect(world.group.rankOf(userId)).to.equal(30);
			expect(world.rankgun.rankLog.size()).to.equal(2);
		});

		it("does not resend a replayed id whose earlier try may have landed once the member was moved away and back", () => {
			const { scheduler, world, server, first, userId } = lostPromote("promo-lost-away-and-back");
			// The promote landed (10 -> 20); the member is then set to 30 and back to 10.
			expect(settle(first.bridge.setRank(userId, 30), scheduler)?.ok).to.equal(true);
			expect(settle(first.bridge.setRank(userId, 10), scheduler)?.ok).to.equal(true);
			// The rank is where the promote started, as if it never landed: only the lane can tell
			// that other actions finished since, and the replay is reported, not sent.
			const replay = settle(server().bridge.promote(userId, { id: "promo-lost-away-and-back" }), scheduler);
			expect(replay?.ok).to.equal(false);
			expect((replay!.value as { kind: string }).kind).to.equal("Conflict");
			expect(world.group.rankOf(userId)).to.equal(10);
			expect(world.rankgun.rankLog.size()).to.equal(3);
		});

		it("does not resend a replayed id whose earlier try may have landed once the member's lane has forgotten it", () => {
			const { scheduler, world, server, userId } = lostPromote("promo-lost-forgotten");
			// Nothing else happens on the member's lane; its item expires a quarter of an hour after
			// the failure (SHORT_TTL), and with it the record that nothing finished there since.
			scheduler.advance(SHORT_TTL + 60);
			const second = server();
			const replay = settle(second.bridge.promote(userId, { id: "promo-lost-forgotten" }), scheduler);
			expect(replay?.ok).to.equal(false);
			expect((replay!.value as { kind: string }).kind).to.equal("Conflict");
			expect(second.transport.requests).to.equal(0);
			expect(world.group.rankOf(userId)).to.equal(20);
			expect(world.rankgun.rankLog.size()).to.equal(1);
		});

		it("reports every finished and failed action with who, what and how it went", () => {
			const { scheduler, world, server, emulator } = virtualWorld();
			const { bridge } = server();
			const completed = new Array<ActionReport>();
			const failed = new Array<ActionReport>();
			bridge.actionCompleted.Connect((report) => completed.push(report));
			bridge.actionFailed.Connect((report) => failed.push(report));
			const userId = member(world, "Private1").id;
			settle(bridge.promote(userId, { actor: 42, reason: "Passed training" }), scheduler);
			settle(bridge.promote(emulator.roblox.createUser("Stranger").id), scheduler);
			expect(completed.size()).to.equal(1);
			expect(completed[0].userId).to.equal(userId);
			expect(completed[0].actor).to.equal(42);
			expect(completed[0].reason).to.equal("Passed training");
			expect(`${completed[0].oldRank}>${completed[0].newRank}`).to.equal("10>20");
			expect(completed[0].attempts).to.equal(1);
			expect(failed.size()).to.equal(1);
			expect(failed[0].error?.kind).to.equal("NotInGroup");
		});
	});
};
