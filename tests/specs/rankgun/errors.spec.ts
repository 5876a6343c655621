// How RankGun failures reach game code: every documented refusal of the key or workspace as a
// kind, what is retried (429, 5xx, timeouts, garbled answers) and what is not, HttpService
// failures, and RankGun's older code-less 403 told apart by asking /api/workspace.
import RankBridge from "../../../src";
import { RobloxScheduler } from "../../../src/core/scheduler";
import { RankGunClient } from "../../../src/providers/rankgun/client";
import { RobloxHttpTransport } from "../../../src/roblox/http";
import { liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
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

export = () => {
	afterEach(() => {
		Harness.setHttpEnabled(true);
		Harness.setSecret("EmptyKey", undefined);
		Harness.emulator.rankgun.setOmitErrorCodes(false);
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
			expect(read.code).to.equal("MISSING_API_KEY");
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
			expect(read.code).to.equal("INVALID_API_KEY");
			expect(contains(read.message, "regenerated")).to.equal(true);
			expect(rejection(rankgun.promote(member(world, "Private1").id)).kind).to.equal(ErrorKind.InvalidKey);
			expect(rejection(rankgun.sessions.start("k000000000000000000000000000000x")).kind).to.equal(ErrorKind.InvalidKey);
			expect(world.group.rankOf(member(world, "Private1").id)).to.equal(10);
		});

		it("does not retry a refused key", () => {
			const { world, bridge } = liveWorld();
			const rankgun = bridge();
			world.rankgun.regenerateKey();
			const mark = logMark();
			rejection(rankgun.sessions.types());
			expect(sentSince(mark).size()).to.equal(1);
		});

		it("rejects with Forbidden when the workspace is deactivated (403)", () => {
			const { world, bridge } = liveWorld({ rankgun: { active: false } });
			const rankgun = bridge();
			const read = rejection(rankgun.workspace());
			expect(read.kind).to.equal(ErrorKind.Forbidden);
			expect(read.code).to.equal("WORKSPACE_DEACTIVATED");
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
			expect(rejection(rankgun.sessions.markAttended("k000000000000000000000000000000x", member(world, "Private1").id, { actor: world.owner.id })).kind).to.equal(
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

	describe("RankGun 403 without a code (older pages)", () => {
		it("tells a bad key by asking /api/workspace, for a rank action and a read", () => {
			const { world, bridge } = liveWorld();
			const rankgun = bridge();
			world.rankgun.regenerateKey();
			Harness.emulator.rankgun.setOmitErrorCodes(true);
			const promote = rejection(rankgun.promote(member(world, "Private1").id));
			expect(promote.kind).to.equal(ErrorKind.InvalidKey);
			expect(promote.status).to.equal(403);
			const mark = logMark();
			const read = rejection(rankgun.sessions.list());
			expect(read.kind).to.equal(ErrorKind.InvalidKey);
			const asked = sentSince(mark);
			expect(asked.size()).to.equal(2);
			expect(contains(asked[1].Url, "/api/workspace")).to.equal(true);
			expect(rejection(rankgun.workspace()).kind).to.equal(ErrorKind.InvalidKey);
		});

		it("tells a spent quota by the usage /api/workspace reports", () => {
			const { world } = liveWorld({ rankgun: { ranksThisMonth: 170 } });
			Harness.emulator.rankgun.setOmitErrorCodes(true);
			const mark = logMark();
			const failure = rejection(client(world.rankgun.key).promote(member(world, "Private1").id));
			expect(failure.kind).to.equal(ErrorKind.QuotaExhausted);
			expect(contains(failure.message, "170 of 170")).to.equal(true);
			expect(sentTo(mark, "/api/workspace").size()).to.equal(1);
			expect(world.group.rankOf(member(world, "Private1").id)).to.equal(10);
		});

		it("keeps a deactivated workspace Forbidden, not a bad key", () => {
			const { world, bridge } = liveWorld({ rankgun: { active: false } });
			Harness.emulator.rankgun.setOmitErrorCodes(true);
			const failure = rejection(bridge().promote(member(world, "Private1").id));
			expect(failure.kind).to.equal(ErrorKind.Forbidden);
			expect(contains(failure.message, "deactivated")).to.equal(true);
		});

		it("still reads NotInGroup from the message of a code-less 400", () => {
			const { bridge } = liveWorld();
			Harness.emulator.rankgun.setOmitErrorCodes(true);
			const failure = rejection(bridge().promote(424242));
			expect(failure.kind).to.equal(ErrorKind.NotInGroup);
			expect(failure.code).to.equal(undefined);
		});
	});
};
