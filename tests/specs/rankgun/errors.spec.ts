// How RankGun failures reach game code, against RankGun as documented and as it may also
// answer: every documented refusal of the key or workspace as a kind; a 403 whose code does not
// settle it told apart by asking /api/workspace (a bad key, a spent quota, a throttle or a
// refusal, and nothing parked unless the usage confirms it); what is retried (429, 5xx,
// timeouts, garbled answers) and what is not; HttpService failures.
import RankBridge from "../../../src";
import { RobloxScheduler } from "../../../src/core/scheduler";
import { RankGunClient } from "../../../src/providers/rankgun/client";
import type { HttpResponse } from "../../../src/roblox/http";
import { liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { ScriptedTransport } from "../helpers/providerBridges";
import { RANKGUN_VARIANTS, useVariant } from "../helpers/variants";
import { RobloxHttpTransport } from "../../../src/roblox/http";
import { contains, emulatorNow, logMark, rejection, sentSince, sentTo } from "./support";

const ErrorKind = RankBridge.ErrorKind;

/** A RankGun client on its own, for what the queue would hide (it parks on a spent quota). */
function client(key: string) {
	return new RankGunClient({
		key,
		baseUrl: Harness.emulatorUrl,
		timeout: 2,
		transport: new RobloxHttpTransport(),
		scheduler: new RobloxScheduler(),
		random: () => 0.5,
		gates: [],
		retry: { maxAttempts: 2, baseDelay: 0.05, maxDelay: 0.1, maxElapsed: 5 },
	});
}

/** A RankGun answer written by the spec: `{success:false, error}` with this status. */
function refusal(status: number, message: string): HttpResponse {
	return { status, headers: { "content-type": "application/json" }, body: `{"success":false,"error":"${message}"}` };
}

export = () => {
	for (const variant of RANKGUN_VARIANTS) {
		describe(`RankGun [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			const coded = variant.rankgun.errorCodes === true;
			/** The code RankGun sends with this variant: only with errorCodes. */
			const code = (name: string) => (coded ? name : undefined);
			afterEach(() => {
				Harness.setHttpEnabled(true);
				Harness.setSecret("EmptyKey", undefined);
				Harness.emulator.faults.clear();
			});

			describe("RankGun key and workspace refusals", () => {
				it("rejects with InvalidKey when no key reaches RankGun (401)", () => {
					const { world, bridge } = liveWorld();
					Harness.setSecret("EmptyKey", "");
					const rankgun = bridge({ apiKey: undefined, secret: "EmptyKey" });
					const read = rejection(rankgun.workspace());
					expect(read.kind).to.equal(ErrorKind.InvalidKey);
					expect(read.status).to.equal(401);
					expect(read.code).to.equal(code("MISSING_API_KEY"));
					expect(contains(read.message, "No API key reached RankGun")).to.equal(true);
					expect(rejection(rankgun.promote(member(world, "Private1").id)).kind).to.equal(ErrorKind.InvalidKey);
				});

				it("rejects with InvalidKey a key that was regenerated (403), for reads, rank actions and session writes", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge({ actor: world.owner.id });
					const oldKey = world.rankgun.key;
					world.rankgun.regenerateKey();
					const read = rejection(rankgun.workspace());
					expect(read.kind).to.equal(ErrorKind.InvalidKey);
					expect(contains(tostring(read), oldKey)).to.equal(false);
					expect(read.status).to.equal(403);
					expect(read.code).to.equal(code("INVALID_API_KEY"));
					expect(contains(read.message, "regenerated")).to.equal(true);
					const promote = rejection(rankgun.promote(member(world, "Private1").id));
					expect(promote.kind).to.equal(ErrorKind.InvalidKey);
					expect(rankgun.status().parked).to.equal(0);
					expect(rejection(rankgun.sessions.start("k000000000000000000000000000000x")).kind).to.equal(ErrorKind.InvalidKey);
					expect(world.group.rankOf(member(world, "Private1").id)).to.equal(10);
				});

				it("does not retry a refused key; without a code it asks /api/workspace once", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge();
					world.rankgun.regenerateKey();
					const mark = logMark();
					rejection(rankgun.sessions.types());
					const sent = sentSince(mark);
					expect(sent.size()).to.equal(coded ? 1 : 2);
					if (!coded) expect(contains(sent[1].Url, "/api/workspace")).to.equal(true);
				});

				it("rejects with Forbidden when the workspace is deactivated (403)", () => {
					const { world, bridge } = liveWorld({ rankgun: { active: false } });
					const rankgun = bridge();
					const read = rejection(rankgun.workspace());
					expect(read.kind).to.equal(ErrorKind.Forbidden);
					expect(read.code).to.equal(code("WORKSPACE_DEACTIVATED"));
					expect(contains(read.message, "deactivated")).to.equal(true);
					expect(rejection(rankgun.promote(member(world, "Private1").id)).kind).to.equal(ErrorKind.Forbidden);
					expect(rejection(rankgun.sessions.list()).kind).to.equal(ErrorKind.Forbidden);
				});

				it("rejects with NotFound when the workspace was deleted (404)", () => {
					const { world, bridge } = liveWorld();
					world.rankgun.remove();
					const failure = rejection(bridge().workspace());
					expect(failure.kind).to.equal(ErrorKind.NotFound);
					expect(failure.status).to.equal(404);
				});

				it("reads NotInGroup from a refused rank action, whatever the answer's wording", () => {
					const { world, bridge } = liveWorld();
					const failure = rejection(bridge().promote(424242));
					expect(failure.kind).to.equal(ErrorKind.NotInGroup);
					expect(failure.code).to.equal(code("USER_NOT_IN_GROUP"));
					// Words RankBridge does not know: a rank read tells a non-member apart.
					const terse = bridge({
						transport: new ScriptedTransport((request) =>
							contains(request.url, "/api/roblox/") ? refusal(400, "Bad request") : undefined,
						),
					});
					expect(rejection(terse.setRank(424242, 20)).kind).to.equal(ErrorKind.NotInGroup);
					expect(rejection(terse.setRank(member(world, "Private1").id, 20)).kind).to.equal(ErrorKind.InvalidRequest);
				});
			});

			describe("RankGun 403s the code does not explain", () => {
				it("reports a spent quota only when /api/workspace's usage confirms it", () => {
					const { world } = liveWorld({ rankgun: { ranksThisMonth: 170 } });
					const mark = logMark();
					const failure = rejection(client(world.rankgun.key).promote(member(world, "Private1").id).toPromise());
					expect(sentTo(mark, "/api/workspace").size()).to.equal(1);
					expect(world.group.rankOf(member(world, "Private1").id)).to.equal(10);
					if (variant.rankgun.omitWorkspaceFields) {
						// No usage to confirm it with: refused, never taken for a spent quota.
						expect(failure.kind).to.equal(ErrorKind.Forbidden);
						expect(contains(failure.message, "does not report the month's usage")).to.equal(true);
					} else {
						expect(failure.kind).to.equal(ErrorKind.QuotaExhausted);
						expect(contains(failure.message, "170 of 170")).to.equal(true);
					}
				});

				it("takes a 403 worded as a spent quota for a refusal, not parked, when the usage shows room", () => {
					const { world, bridge } = liveWorld({ rankgun: { ranksThisMonth: 42 } });
					const transport = new ScriptedTransport((request) =>
						contains(request.url, "/api/roblox/promote") ? refusal(403, "Monthly rank limit exceeded") : undefined,
					);
					const rankgun = bridge({ transport });
					const failure = rejection(rankgun.promote(member(world, "Private1").id));
					expect(failure.kind).to.equal(ErrorKind.Forbidden);
					expect(failure.status).to.equal(403);
					if (!variant.rankgun.omitWorkspaceFields)
						expect(contains(failure.message, "used 42 of 170 rank actions this month, so this is not the monthly quota")).to.equal(true);
					expect(rankgun.status().parked).to.equal(0);
				});

				it("waits out a 403 worded as a throttle on a rank action, and parks nothing", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Private1");
					let refused = 0;
					const transport = new ScriptedTransport((request) => {
						if (!contains(request.url, "/api/roblox/promote") || refused >= 2) return undefined;
						refused += 1;
						return refusal(403, "Rate limit exceeded");
					});
					const rankgun = bridge({ transport });
					expect(rankgun.promote(user.id).expect().newRank).to.equal(20);
					expect(refused).to.equal(2);
					expect(world.rankgun.rankActionsFor(user.id).size()).to.equal(1);
					expect(rankgun.status().parked).to.equal(0);
					expect(rankgun.status().lastError?.kind).to.equal(ErrorKind.RateLimited);
				});

				it("waits out the service's own throttling of a read and of a rank action", () => {
					const { world, bridge, emulator } = liveWorld();
					emulator.fault({ kind: "rateLimited", service: "rankgun", pathContains: "/api/roblox/promote", count: 2, retryAfter: 0.1 });
					const user = member(world, "Private1");
					const rankgun = bridge();
					expect(rankgun.promote(user.id).expect().newRank).to.equal(20);
					expect(world.rankgun.rankActionsFor(user.id).size()).to.equal(1);
					expect(rankgun.status().parked).to.equal(0);
				});

				it("keeps a deactivated workspace Forbidden, not a bad key", () => {
					const { world, bridge } = liveWorld({ rankgun: { active: false } });
					const failure = rejection(bridge().promote(member(world, "Private1").id));
					expect(failure.kind).to.equal(ErrorKind.Forbidden);
					expect(contains(failure.message, "deactivated")).to.equal(true);
				});
			});

			describe("RankGun retries", () => {
				it("waits out 429s (Retry-After) on a read and gets the answer", () => {
					const { bridge, emulator } = liveWorld();
					emulator.fault({ kind: "rateLimited", service: "rankgun", pathContains: "/api/sessions/types", count: 2, retryAfter: 0.1 });
					const mark = logMark();
					expect(bridge().sessions.types().expect().size()).to.equal(3);
					expect(sentTo(mark, "/api/sessions/types").size()).to.equal(3);
				});

				it("retries a read after server errors and gets the answer", () => {
					const { world, bridge, emulator } = liveWorld();
					emulator.fault({ kind: "serverError", service: "rankgun", pathContains: "/api/workspace", count: 2 });
					const mark = logMark();
					expect(bridge().workspace().expect().workspace.id).to.equal(world.rankgun.id);
					expect(sentTo(mark, "/api/workspace").size()).to.equal(3);
				});

				it("gives up on a read with Transient once server errors outlast maxAttempts", () => {
					const { bridge, emulator } = liveWorld();
					emulator.fault({ kind: "serverError", service: "rankgun", pathContains: "/api/activity/leaderboard", count: 3 });
					const mark = logMark();
					const failure = rejection(bridge({ retry: { maxAttempts: 3, baseDelay: 0.05, maxDelay: 0.1 } }).activity.leaderboard());
					expect(failure.kind).to.equal(ErrorKind.Transient);
					expect(failure.status).to.equal(500);
					expect(sentTo(mark, "/api/activity/leaderboard").size()).to.equal(3);
				});

				it("asks again after a read times out and gets the answer", () => {
					const { world, bridge, emulator } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() + 3600 });
					emulator.fault({ kind: "hang", service: "rankgun", pathContains: `/api/sessions/${session.id}`, seconds: 2 });
					const mark = logMark();
					expect(bridge({ timeout: 1 }).sessions.get(session.id).expect().session.title).to.equal("Drill");
					expect(sentTo(mark, session.id).size()).to.equal(2);
				});

				it("rejects a read with InvalidResponse when the answer is not the documented shape, after retrying", () => {
					const { bridge, emulator } = liveWorld();
					emulator.fault({ kind: "malformed", service: "rankgun", pathContains: "/api/applications", count: 2 });
					const mark = logMark();
					const failure = rejection(bridge({ retry: { maxAttempts: 2, baseDelay: 0.05, maxDelay: 0.1 } }).applications.list());
					expect(failure.kind).to.equal(ErrorKind.InvalidResponse);
					expect(contains(failure.message, "unexpected body")).to.equal(true);
					expect(sentTo(mark, "/api/applications").size()).to.equal(2);
				});

				it("recovers from one garbled answer on a read", () => {
					const { bridge, emulator } = liveWorld();
					emulator.fault({ kind: "malformed", service: "rankgun", pathContains: "/api/sessions/upcoming" });
					expect(bridge().sessions.upcoming().expect().size()).to.equal(0);
				});
			});

			describe("RankGun when HTTP does not work", () => {
				it("rejects with HttpDisabled, saying where to turn HTTP on, without retrying", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge();
					Harness.setHttpEnabled(false);
					const read = rejection(rankgun.workspace());
					expect(read.kind).to.equal(ErrorKind.HttpDisabled);
					expect(contains(read.message, "Allow HTTP Requests")).to.equal(true);
					expect(rejection(rankgun.promote(member(world, "Private1").id)).kind).to.equal(ErrorKind.HttpDisabled);
					const session = "k000000000000000000000000000000x";
					expect(rejection(rankgun.sessions.markAttended(session, member(world, "Private1").id, { actor: world.owner.id })).kind).to.equal(
						ErrorKind.HttpDisabled,
					);
				});

				it("rejects with ConnectionFailed when nothing listens at baseUrl", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge({ baseUrl: "http://127.0.0.1:9", retry: { maxAttempts: 2, baseDelay: 0.05, maxDelay: 0.1 } });
					const mark = logMark();
					expect(rejection(rankgun.workspace()).kind).to.equal(ErrorKind.ConnectionFailed);
					expect(sentTo(mark, "127.0.0.1:9/api/workspace").size()).to.equal(2);
					expect(rejection(rankgun.sessions.types()).kind).to.equal(ErrorKind.ConnectionFailed);
					// The rank before the promote could not be read either, so it is not sent blindly again.
					const promote = rejection(rankgun.promote(member(world, "Private1").id));
					expect(promote.kind).to.equal(ErrorKind.ConnectionFailed);
					expect(contains(promote.message, "not sent again")).to.equal(true);
					expect(contains(promote.message, "Could not reach the service")).to.equal(true);
				});
			});
		});
	}
};
