// RankGun emulator: what it answers where the docs are silent. By default it follows the docs
// (errors `{success:false, error}` with one wording for a bad key and a spent quota, codes only
// on the Ranking Centre and Application Centre routes, workspace members apart from group
// members); each named behaviour switches one undocumented answer on.
import type { RankGunBehaviours } from "../../emulator/rankgun";
import { Harness } from "../helpers/harness";
import { wire } from "../helpers/http";
import { call, member, newWorld, OLDER_FORBIDDEN, RankBody, WorkspaceBody } from "./rankgunApi";

interface ErrorBody {
	success: boolean;
	code?: string;
	error: string;
}

function behave(changes: Partial<RankGunBehaviours>) {
	Harness.emulator.rankgun.setBehaviours(changes);
}

export = () => {
	beforeEach(() => Harness.resetHttpBudget());
	afterEach(() => {
		Harness.emulator.rankgun.resetBehaviours();
		Harness.emulator.faults.clear();
	});

	describe("RankGun emulator, as documented", () => {
		it("answers a bad key and a spent quota both as 403 'Invalid API key or monthly limit exceeded', without a code", () => {
			const world = newWorld({ ranksThisMonth: 170 });
			const spent = call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Pat").id } });
			const badKey = call(world, "GET", "/api/sessions", { headers: { "x-api-key": "rg_not_a_key" } });
			for (const response of [spent, badKey]) {
				expect(response.status).to.equal(403);
				const body = response.json as ErrorBody;
				expect(body.success).to.equal(false);
				expect(body.code).to.equal(undefined);
				expect(body.error).to.equal(OLDER_FORBIDDEN);
			}
		});

		it("words other errors by their cause, without codes", () => {
			const world = newWorld();
			const response = call(world, "POST", "/api/roblox/promote", { body: { userId: 424242 } });
			expect(response.status).to.equal(400);
			const body = response.json as ErrorBody;
			expect(body.code).to.equal(undefined);
			expect(body.error).to.equal("User 424242 is not in the group.");
		});

		it("keeps the codes the Ranking Centre and Application Centre pages document", () => {
			const world = newWorld({ tier: "free" });
			expect((call(world, "GET", "/api/ranking-centre").json as ErrorBody).code).to.equal("ELITE_REQUIRED");
			expect((call(world, "GET", "/api/applications/forms/x").json as ErrorBody).code).to.equal("INVALID_FORM_ID");
		});

		it("throttles with 429 and Retry-After, and a fault's 429 has no code", () => {
			const world = newWorld();
			world.rankgun.setRateLimit(1);
			call(world, "GET", "/api/workspace");
			const throttled = call(world, "GET", "/api/workspace");
			expect(throttled.status).to.equal(429);
			expect(tonumber(throttled.headers["retry-after"])).to.be.ok();
			expect((throttled.json as ErrorBody).code).to.equal(undefined);
			world.rankgun.setRateLimit(undefined);
			Harness.emulator.fault({ kind: "rateLimited", service: "rankgun", pathContains: "/api/sessions/types" });
			const faulted = call(world, "GET", "/api/sessions/types");
			expect(faulted.status).to.equal(429);
			expect((faulted.json as ErrorBody).code).to.equal(undefined);
		});

		it("answers ranks with oldRank, newRank and username, and /api/workspace with every field of its example", () => {
			const world = newWorld();
			const rank = call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Pat").id } }).json as RankBody;
			expect(rank.oldRank).to.equal(10);
			expect(rank.newRank).to.equal(20);
			expect(rank.username).to.equal("Pat");
			const info = call(world, "GET", "/api/workspace").json as WorkspaceBody;
			expect(info.workspace.groupId).to.equal(world.group.id);
			expect(info.usage.ranksThisMonth).to.equal(1);
			expect(info.usage.usageResetAt).to.be.ok();
			expect(info.limits.maxRanksPerMonth).to.equal(170);
		});

		it("keeps workspace members apart from group members: only the group's owner is one unless seeded", () => {
			const world = Harness.emulator.createWorld({ members: [{ name: "Admin", rank: 100 }] });
			const admin = world.members[0];
			expect(world.rankgun.isStaff(world.owner.id)).to.equal(true);
			expect(world.rankgun.isStaff(admin.id)).to.equal(false);
			const types = call(world, "GET", "/api/sessions/types").json as { types: Array<{ id: string }> };
			const start = math.floor(Harness.emulator.now()) + 3600;
			const body = { sessionTypeId: types.types[0].id, title: "Drill", scheduledStartAt: start, scheduledEndAt: start + 3600 };
			expect(call(world, "POST", "/api/sessions", { body: { ...body, actorRobloxId: admin.id } }).status).to.equal(400);
			expect(call(world, "POST", "/api/sessions", { body: { ...body, actorRobloxId: world.owner.id } }).status).to.equal(201);
		});

		it("sends no isPublic on application forms", () => {
			const world = newWorld();
			world.rankgun.addForm({ name: "Apply", targetRankId: 10 });
			const forms = call(world, "GET", "/api/applications").json as { forms: Array<{ isPublic?: boolean }> };
			expect(forms.forms[0].isPublic).to.equal(undefined);
		});
	});

	describe("RankGun emulator behaviours", () => {
		it("errorCodes: every error carries a code, and a bad key and a spent quota are worded apart", () => {
			behave({ errorCodes: true });
			const world = newWorld({ ranksThisMonth: 170 });
			const spent = call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Pat").id } }).json as ErrorBody;
			expect(spent.code).to.equal("MONTHLY_LIMIT_EXCEEDED");
			expect(spent.error.find("Monthly rank limit reached", 1, true)[0]).to.be.ok();
			const badKey = call(world, "GET", "/api/sessions", { headers: { "x-api-key": "rg_not_a_key" } }).json as ErrorBody;
			expect(badKey.code).to.equal("INVALID_API_KEY");
			expect((call(newWorld(), "POST", "/api/roblox/promote", { body: { userId: 424242 } }).json as ErrorBody).code).to.equal(
				"USER_NOT_IN_GROUP",
			);
			Harness.emulator.fault({ kind: "serverError", service: "rankgun", pathContains: "/api/sessions/types" });
			expect((call(world, "GET", "/api/sessions/types").json as ErrorBody).code).to.equal("INTERNAL_ERROR");
		});

		it("throttleAs403: over the limit is 403 'Rate limit exceeded' without Retry-After, and so is a rateLimited fault", () => {
			behave({ throttleAs403: true });
			const world = newWorld();
			world.rankgun.setRateLimit(1);
			call(world, "GET", "/api/workspace");
			const throttled = call(world, "GET", "/api/workspace");
			expect(throttled.status).to.equal(403);
			expect(throttled.headers["retry-after"]).to.equal(undefined);
			expect((throttled.json as ErrorBody).error.find("Rate limit exceeded", 1, true)[0]).to.equal(1);
			world.rankgun.setRateLimit(undefined);
			Harness.emulator.fault({ kind: "rateLimited", service: "rankgun", pathContains: "/api/sessions/types" });
			const faulted = call(world, "GET", "/api/sessions/types");
			expect(faulted.status).to.equal(403);
			expect((faulted.json as ErrorBody).error).to.equal("Rate limit exceeded");
		});

		it("omitRankFields: a rank action answers {success: true} alone, and still takes effect", () => {
			behave({ omitRankFields: true });
			const world = newWorld();
			const pat = member(world, "Pat");
			const response = call(world, "POST", "/api/roblox/promote", { body: { userId: pat.id } });
			expect(response.status).to.equal(200);
			expect(response.body).to.equal('{"success":true}');
			expect(world.group.rankOf(pat.id)).to.equal(20);
		});

		it("omitWorkspaceFields: /api/workspace leaves out the group id, the month's usage, its reset and its limit", () => {
			behave({ omitWorkspaceFields: true });
			const info = call(newWorld(), "GET", "/api/workspace").json as WorkspaceBody;
			expect(info.workspace.id).to.be.ok();
			expect(info.workspace.groupId).to.equal(undefined);
			expect(info.usage.ranksThisMonth).to.equal(undefined);
			expect(info.usage.usageResetAt).to.equal(undefined);
			expect(info.limits.maxRanksPerMonth).to.equal(undefined);
		});

		it("quotaBlocksActivity: a spent month refuses the activity reads too, in the same words as a bad key", () => {
			const world = newWorld({ ranksThisMonth: 170 });
			expect(call(world, "GET", "/api/activity/leaderboard").status).to.equal(200);
			behave({ quotaBlocksActivity: true });
			const refused = call(world, "GET", "/api/activity/leaderboard");
			expect(refused.status).to.equal(403);
			expect((refused.json as ErrorBody).error).to.equal(OLDER_FORBIDDEN);
			expect(call(world, "GET", "/api/sessions").status).to.equal(200);
			expect(call(newWorld(), "GET", "/api/activity/leaderboard").status).to.equal(200);
		});

		it("can be switched on a running emulator through POST /__emulator/rankgun/behaviours, refusing unknown names", () => {
			const set = wire("POST", "/__emulator/rankgun/behaviours", { body: { errorCodes: true } });
			expect(set.status).to.equal(200);
			expect((set.json as RankGunBehaviours).errorCodes).to.equal(true);
			expect(Harness.emulator.rankgun.behaviours.errorCodes).to.equal(true);
			expect(wire("POST", "/__emulator/rankgun/behaviours", { body: { errorCode: true } }).status).to.equal(400);
			expect(wire("POST", "/__emulator/rankgun/behaviours", { body: { throttleAs403: "yes" } }).status).to.equal(400);
			expect(Harness.emulator.rankgun.behaviours.throttleAs403).to.equal(false);
		});

		it("formIsPublic: application forms carry isPublic", () => {
			behave({ formIsPublic: true });
			const world = newWorld();
			world.rankgun.addForm({ name: "Apply", targetRankId: 10, isPublic: true });
			const forms = call(world, "GET", "/api/applications").json as { forms: Array<{ isPublic?: boolean }> };
			expect(forms.forms[0].isPublic).to.equal(true);
		});
	});
};
