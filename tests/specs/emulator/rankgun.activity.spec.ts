// RankGun emulator: GET /api/activity/users/{robloxId} and GET /api/activity/leaderboard.
import { Harness } from "../helpers/harness";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";
import { call, expectError, member, newWorld, now } from "./rankgunApi";

interface ActivityUserBody {
	success: boolean;
	user: {
		robloxId: number;
		robloxUsername: string;
		displayName: string;
		totalTimeSeconds: number;
		timeThisPeriod: number;
		streakDays: number;
		isOnline: boolean;
		lastPingAt?: number;
		currentSessionStart?: number;
		periodStartAt: number;
	};
}

interface LeaderboardBody {
	success: boolean;
	period: string;
	limit: number;
	leaderboard: Array<{
		rank: number;
		robloxId: number;
		robloxUsername: string;
		displayName?: string;
		timeSeconds: number;
		isOnline: boolean;
		streakDays: number;
	}>;
}

function contains(text: string, part: string): boolean {
	return text.find(part, 1, true)[0] !== undefined;
}

export = () => {
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun emulator [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			beforeEach(() => Harness.resetHttpBudget());

			describe("RankGun emulator GET /api/activity/users/{robloxId}", () => {
				it("answers the user's activity with durations in seconds", () => {
					const world = newWorld({ tier: "elite" });
					const pat = member(world, "Pat");
					const started = now() - 540;
					world.rankgun.setActivity({
						robloxId: pat.id,
						totalTimeSeconds: 18402,
						timeThisPeriod: 540,
						streakDays: 4,
						isOnline: true,
						lastPingAt: now() - 10,
						currentSessionStart: started,
						periodStartAt: now() - 86400,
					});
					const response = call(world, "GET", `/api/activity/users/${pat.id}`);
					expect(response.status).to.equal(200);
					const body = response.json as ActivityUserBody;
					expect(body.success).to.equal(true);
					expect(body.user.robloxId).to.equal(pat.id);
					expect(body.user.robloxUsername).to.equal("Pat");
					expect(body.user.displayName).to.equal("Pat");
					expect(body.user.totalTimeSeconds).to.equal(18402);
					expect(body.user.timeThisPeriod).to.equal(540);
					expect(body.user.streakDays).to.equal(4);
					expect(body.user.isOnline).to.equal(true);
					expect(body.user.currentSessionStart).to.equal(started);
					expect(typeIs(body.user.lastPingAt, "number")).to.equal(true);
					expect(typeIs(body.user.periodStartAt, "number")).to.equal(true);
				});

				it("answers currentSessionStart null for someone offline", () => {
					const world = newWorld({ tier: "elite" });
					const pat = member(world, "Pat");
					world.rankgun.setActivity({ robloxId: pat.id, totalTimeSeconds: 100, isOnline: false });
					const response = call(world, "GET", `/api/activity/users/${pat.id}`);
					expect((response.json as ActivityUserBody).user.isOnline).to.equal(false);
					expect(contains(response.body, '"currentSessionStart":null')).to.equal(true);
				});

				it("answers 400 for a non-numeric, zero or negative robloxId", () => {
					const world = newWorld();
					for (const id of ["abc", "0", "-5", "1.5"]) {
						expectError(call(world, "GET", `/api/activity/users/${id}`), 400, "INVALID_ROBLOX_ID");
					}
				});

				it("answers 404 for a user with no activity record", () => {
					const world = newWorld({ tier: "elite" });
					expectError(call(world, "GET", `/api/activity/users/${member(world, "Pat").id}`), 404, "ACTIVITY_NOT_FOUND");
				});

				it("answers 404 for a record that belongs to another workspace", () => {
					const world = newWorld({ tier: "elite" });
					const other = newWorld({ tier: "elite" });
					const theirs = member(other, "Pat");
					other.rankgun.setActivity({ robloxId: theirs.id, totalTimeSeconds: 100 });
					expectError(call(world, "GET", `/api/activity/users/${theirs.id}`), 404, "ACTIVITY_NOT_FOUND");
				});
			});

			describe("RankGun emulator GET /api/activity/leaderboard", () => {
				function seeded() {
					const world = newWorld({ tier: "elite" });
					world.rankgun.setActivity({ robloxId: member(world, "Pat").id, totalTimeSeconds: 500, timeThisPeriod: 400, streakDays: 2 });
					world.rankgun.setActivity({ robloxId: member(world, "Cora").id, totalTimeSeconds: 900, timeThisPeriod: 100, isOnline: true });
					world.rankgun.setActivity({ robloxId: member(world, "Sarge").id, totalTimeSeconds: 700, timeThisPeriod: 300 });
					return world;
				}

				it("ranks users by tracked time, highest first, with 1-based ranks and the documented fields", () => {
					const world = seeded();
					const response = call(world, "GET", "/api/activity/leaderboard", { query: { period: "all", limit: 10 } });
					expect(response.status).to.equal(200);
					const body = response.json as LeaderboardBody;
					expect(body.success).to.equal(true);
					expect(body.period).to.equal("all");
					expect(body.limit).to.equal(10);
					expect(body.leaderboard.map((entry) => `${entry.rank}:${entry.robloxUsername}:${entry.timeSeconds}`).join(",")).to.equal(
						"1:Cora:900,2:Sarge:700,3:Pat:500",
					);
					const top = body.leaderboard[0];
					expect(top.robloxId).to.equal(member(world, "Cora").id);
					expect(top.displayName).to.equal("Cora");
					expect(top.isOnline).to.equal(true);
					expect(body.leaderboard[2].streakDays).to.equal(2);
				});

				it("returns at most limit entries", () => {
					const body = call(seeded(), "GET", "/api/activity/leaderboard", { query: { limit: 2 } }).json as LeaderboardBody;
					expect(body.leaderboard.size()).to.equal(2);
					expect(body.limit).to.equal(2);
				});

				it("ranks by the current period's time for period=period", () => {
					const body = call(seeded(), "GET", "/api/activity/leaderboard", { query: { period: "period" } }).json as LeaderboardBody;
					expect(body.leaderboard.map((entry) => `${entry.robloxUsername}:${entry.timeSeconds}`).join(",")).to.equal(
						"Pat:400,Sarge:300,Cora:100",
					);
				});

				it("answers an empty leaderboard for a workspace with no records", () => {
					const response = call(newWorld(), "GET", "/api/activity/leaderboard");
					expect(response.status).to.equal(200);
					expect(contains(response.body, '"leaderboard":[]')).to.equal(true);
				});

				it("answers 400 for an invalid period", () => {
					expectError(call(newWorld(), "GET", "/api/activity/leaderboard", { query: { period: "fortnight" } }), 400, "INVALID_PERIOD");
				});

				it("answers 400 for a zero, negative or non-numeric limit", () => {
					const world = newWorld();
					for (const limit of [0, -3, "ten"]) {
						expectError(call(world, "GET", "/api/activity/leaderboard", { query: { limit } }), 400, "INVALID_LIMIT");
					}
				});
			});
		});
	}
};
