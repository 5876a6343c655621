// RankGun emulator: GET /api/workspace, and the monthly rank-action quota it reports.
import { Harness } from "../helpers/harness";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";
import { call, expectError, member, newWorld, now, RankBody, WorkspaceBody } from "./rankgunApi";

function nextMonthStart(seconds: number): number {
	const date = DateTime.fromUnixTimestamp(seconds).ToUniversalTime();
	return date.Month === 12
		? DateTime.fromUniversalTime(date.Year + 1, 1, 1).UnixTimestamp
		: DateTime.fromUniversalTime(date.Year, date.Month + 1, 1).UnixTimestamp;
}

export = () => {
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun emulator [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			beforeEach(() => Harness.resetHttpBudget());

			describe("RankGun emulator GET /api/workspace", () => {
				it("answers the documented workspace, usage and limits fields with their types", () => {
					const world = newWorld({ name: "Acme Clan" });
					const response = call(world, "GET", "/api/workspace");
					expect(response.status).to.equal(200);
					const body = response.json as WorkspaceBody;
					expect(body.success).to.equal(true);
					expect(body.workspace.id).to.equal(world.rankgun.id);
					expect(body.workspace.name).to.equal("Acme Clan");
					expect(body.workspace.slug).to.equal("acme-clan");
					expect(body.workspace.groupId).to.equal(world.group.id);
					expect(body.workspace.groupName).to.equal(world.group.name);
					expect(body.workspace.groupIconUrl.sub(1, 8)).to.equal("https://");
					expect(body.workspace.isActive).to.equal(true);
					expect(typeIs(body.workspace.createdAt, "number")).to.equal(true);
					expect(body.usage.ranksThisMonth).to.equal(0);
					expect(body.usage.ranksToday).to.equal(0);
					expect(typeIs(body.usage.usageResetAt, "number")).to.equal(true);
					expect(typeIs(body.limits.maxAdmins, "number")).to.equal(true);
					expect(typeIs(body.limits.maxManagers, "number")).to.equal(true);
					expect(typeIs(body.limits.maxTrackedPlayers, "number")).to.equal(true);
				});

				it("answers lastRankAt null before the workspace has ranked anyone", () => {
					const world = newWorld();
					expect(call(world, "GET", "/api/workspace").body.find('"lastRankAt":null', 1, true)[0]).to.be.ok();
				});

				it("reports the Free plan's tier and 170 rank actions a month", () => {
					const body = call(newWorld({ tier: "free" }), "GET", "/api/workspace").json as WorkspaceBody;
					expect(body.workspace.tier).to.equal("free");
					expect(body.limits.maxRanksPerMonth).to.equal(170);
				});

				it("reports the Elite plan's tier and 20,000 rank actions a month", () => {
					const body = call(newWorld({ tier: "elite" }), "GET", "/api/workspace").json as WorkspaceBody;
					expect(body.workspace.tier).to.equal("elite");
					expect(body.limits.maxRanksPerMonth).to.equal(20000);
				});

				it("reports usageResetAt as the start of the next UTC month, in seconds", () => {
					const body = call(newWorld(), "GET", "/api/workspace").json as WorkspaceBody;
					expect(body.usage.usageResetAt).to.equal(nextMonthStart(now()));
				});

				it("counts a successful rank action in ranksThisMonth, ranksToday and lastRankAt", () => {
					const world = newWorld({ ranksThisMonth: 5, ranksToday: 2 });
					expect(call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Rookie").id } }).status).to.equal(200);
					const body = call(world, "GET", "/api/workspace").json as WorkspaceBody;
					expect(body.usage.ranksThisMonth).to.equal(6);
					expect(body.usage.ranksToday).to.equal(3);
					expect(math.abs(body.usage.lastRankAt! - now()) <= 2).to.equal(true);
				});

				it("does not count a failed rank action", () => {
					const world = newWorld();
					expect(call(world, "POST", "/api/roblox/demote", { body: { userId: member(world, "Rookie").id } }).status).to.equal(400);
					expect(call(world, "POST", "/api/roblox/promote", { body: { userId: 424242 } }).status).to.equal(400);
					const body = call(world, "GET", "/api/workspace").json as WorkspaceBody;
					expect(body.usage.ranksThisMonth).to.equal(0);
					expect(body.usage.ranksToday).to.equal(0);
				});

				it("does not count reads against the rank quota", () => {
					const world = newWorld();
					call(world, "GET", "/api/sessions");
					call(world, "GET", "/api/applications");
					expect((call(world, "GET", "/api/workspace").json as WorkspaceBody).usage.ranksThisMonth).to.equal(0);
				});
			});

			describe("RankGun emulator monthly rank quota", () => {
				it("allows the Free plan's 170th action and refuses the 171st with 403 MONTHLY_LIMIT_EXCEEDED", () => {
					const world = newWorld({ tier: "free", ranksThisMonth: 169 });
					const rookie = member(world, "Rookie");
					expect(call(world, "POST", "/api/roblox/promote", { body: { userId: rookie.id } }).status).to.equal(200);
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: rookie.id } }), 403, "MONTHLY_LIMIT_EXCEEDED");
					expect(world.group.rankOf(rookie.id)).to.equal(10);
					expect(world.rankgun.rankActions().size()).to.equal(1);
				});

				it("refuses every rank action once the month is spent", () => {
					const world = newWorld({ tier: "free", ranksThisMonth: 170 });
					const pat = member(world, "Pat");
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: pat.id } }), 403, "MONTHLY_LIMIT_EXCEEDED");
					expectError(call(world, "POST", "/api/roblox/demote", { body: { userId: pat.id } }), 403, "MONTHLY_LIMIT_EXCEEDED");
					expectError(call(world, "POST", "/api/roblox/setrank", { body: { userId: pat.id, rankId: 20 } }), 403, "MONTHLY_LIMIT_EXCEEDED");
					expect(world.group.rankOf(pat.id)).to.equal(10);
				});

				it("gives the Elite plan 20,000 actions", () => {
					const world = newWorld({ tier: "elite", ranksThisMonth: 19999 });
					const rookie = member(world, "Rookie");
					expect(call(world, "POST", "/api/roblox/promote", { body: { userId: rookie.id } }).status).to.equal(200);
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: rookie.id } }), 403, "MONTHLY_LIMIT_EXCEEDED");
				});

				it("takes a quota set on a live workspace", () => {
					const world = newWorld({ tier: "free" });
					world.rankgun.setRanksThisMonth(170);
					expectError(
						call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Rookie").id } }),
						403,
						"MONTHLY_LIMIT_EXCEEDED",
					);
					world.rankgun.setTier("elite");
					expect(call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Rookie").id } }).status).to.equal(200);
				});

				it("resets the counter when the clock passes usageResetAt, and moves usageResetAt on", () => {
					const world = newWorld({ tier: "free", ranksThisMonth: 170, usageResetAt: now() + 30 });
					const rookie = member(world, "Rookie");
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: rookie.id } }), 403, "MONTHLY_LIMIT_EXCEEDED");
					Harness.emulator.advance(31);
					const ranked = call(world, "POST", "/api/roblox/promote", { body: { userId: rookie.id } });
					expect(ranked.status).to.equal(200);
					expect((ranked.json as RankBody).newRank).to.equal(10);
					const body = call(world, "GET", "/api/workspace").json as WorkspaceBody;
					expect(body.usage.ranksThisMonth).to.equal(1);
					expect(body.usage.usageResetAt).to.equal(nextMonthStart(now()));
				});

				it("resets ranksToday at UTC midnight but keeps the month's count", () => {
					const world = newWorld({ ranksThisMonth: 7, ranksToday: 4, usageResetAt: now() + 40 * 86400 });
					Harness.emulator.advance(86400 - (now() % 86400) + 1);
					const body = call(world, "GET", "/api/workspace").json as WorkspaceBody;
					expect(body.usage.ranksToday).to.equal(0);
					expect(body.usage.ranksThisMonth).to.equal(7);
				});
			});
		});
	}
};
