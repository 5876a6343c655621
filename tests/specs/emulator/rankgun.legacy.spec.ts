// RankGun emulator: the deprecated V3 routes /roblox/promote, /roblox/demote, /roblox/set-rank.
import type { World } from "../../emulator";
import { Harness } from "../helpers/harness";
import { wire, WireResponse } from "../helpers/http";
import { member, newWorld, WorkspaceBody, call } from "./rankgunApi";

interface GroupMembershipBody {
	path: string;
	updateTime: string;
	user: string;
	role: string;
}

interface LegacyErrorBody {
	success: boolean;
	code?: string;
	error: string;
}

function legacy(world: World, path: string, body: object, tokenHeader = "api-token"): WireResponse {
	return wire("POST", path, { headers: { [tokenHeader]: world.rankgun.key }, body: { workspace_id: world.rankgun.id, ...body } });
}

/** Asserts the V3 error envelope `{success:false, error}`, which has no code. */
function expectLegacyError(response: WireResponse, status: number): LegacyErrorBody {
	const body = response.json as LegacyErrorBody | undefined;
	if (response.status !== status || !body || body.success !== false || !typeIs(body.error, "string") || body.code !== undefined) {
		error(`expected ${status} {success:false, error} without code, got ${response.status} ${response.body}`, 2);
	}
	return body;
}

export = () => {
	beforeEach(() => Harness.resetHttpBudget());

	describe("RankGun emulator legacy V3 routes", () => {
		it("promotes with user_id and answers the Open Cloud GroupMembership of the new role", () => {
			const world = newWorld();
			const rookie = member(world, "Rookie");
			const response = legacy(world, "/roblox/promote", { user_id: rookie.id });
			expect(response.status).to.equal(200);
			const body = response.json as GroupMembershipBody;
			const membership = world.group.members.get(rookie.id)!;
			const role = world.group.roleByRank(10)!;
			expect(body.path).to.equal(`groups/${world.group.id}/memberships/${membership.membershipId}`);
			expect(body.user).to.equal(`users/${rookie.id}`);
			expect(body.role).to.equal(`groups/${world.group.id}/roles/${role.id}`);
			expect(body.updateTime.match("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d")[0]).to.be.ok();
			expect(world.group.rankOf(rookie.id)).to.equal(10);
		});

		it("demotes", () => {
			const world = newWorld();
			const cora = member(world, "Cora");
			expect(legacy(world, "/roblox/demote", { user_id: cora.id }).status).to.equal(200);
			expect(world.group.rankOf(cora.id)).to.equal(10);
		});

		it("sets a rank with rank (a rank number) on /roblox/set-rank", () => {
			const world = newWorld();
			const rookie = member(world, "Rookie");
			const body = legacy(world, "/roblox/set-rank", { user_id: rookie.id, rank: 100 }).json as GroupMembershipBody;
			expect(body.role).to.equal(`groups/${world.group.id}/roles/${world.group.roleByRank(100)!.id}`);
			expect(world.group.rankOf(rookie.id)).to.equal(100);
		});

		it("takes the token in staff-token, api_token or api-token", () => {
			const world = newWorld();
			const rookie = member(world, "Rookie");
			expect(legacy(world, "/roblox/promote", { user_id: rookie.id }, "staff-token").status).to.equal(200);
			expect(legacy(world, "/roblox/promote", { user_id: rookie.id }, "api_token").status).to.equal(200);
			expect(legacy(world, "/roblox/promote", { user_id: rookie.id }, "api-token").status).to.equal(200);
			expect(world.group.rankOf(rookie.id)).to.equal(30);
		});

		it("answers 401 {success:false, error} without a token", () => {
			const world = newWorld();
			expectLegacyError(
				wire("POST", "/roblox/promote", { body: { user_id: member(world, "Rookie").id, workspace_id: world.rankgun.id } }),
				401,
			);
		});

		it("answers 403 for an unknown token", () => {
			const world = newWorld();
			const response = wire("POST", "/roblox/promote", {
				headers: { "api-token": "rg_nope" },
				body: { user_id: member(world, "Rookie").id, workspace_id: world.rankgun.id },
			});
			expectLegacyError(response, 403);
		});

		it("needs no workspace_id, and reads none of any type, as the migration table says it was dropped", () => {
			const world = newWorld();
			const rookie = member(world, "Rookie");
			const bare = wire("POST", "/roblox/promote", { headers: { "api-token": world.rankgun.key }, body: { user_id: rookie.id } });
			expect(bare.status).to.equal(200);
			expect(legacy(world, "/roblox/promote", { user_id: rookie.id, workspace_id: 12345 }).status).to.equal(200);
			expect(legacy(world, "/roblox/promote", { user_id: rookie.id, workspace_id: newWorld().rankgun.id }).status).to.equal(200);
			expect(world.group.rankOf(rookie.id)).to.equal(30);
		});

		it("takes x-api-key and Bearer as well, and the current routes take the old headers", () => {
			const world = newWorld();
			const rookie = member(world, "Rookie");
			expect(legacy(world, "/roblox/promote", { user_id: rookie.id }, "x-api-key").status).to.equal(200);
			const bearer = wire("POST", "/roblox/promote", {
				headers: { authorization: `Bearer ${world.rankgun.key}` },
				body: { user_id: rookie.id },
			});
			expect(bearer.status).to.equal(200);
			for (const name of ["staff-token", "api_token", "api-token"]) {
				expect(wire("GET", "/api/workspace", { headers: { [name]: world.rankgun.key } }).status).to.equal(200);
			}
			expect(world.group.rankOf(rookie.id)).to.equal(20);
		});

		it("answers 400 in the old envelope for the same causes as the current routes", () => {
			const world = newWorld();
			expectLegacyError(legacy(world, "/roblox/promote", { user_id: 7070707 }), 400);
			expectLegacyError(legacy(world, "/roblox/demote", { user_id: member(world, "Rookie").id }), 400);
			expectLegacyError(legacy(world, "/roblox/set-rank", { user_id: member(world, "Rookie").id, rank: 50 }), 400);
			expectLegacyError(legacy(world, "/roblox/promote", { user_id: "abc" }), 400);
		});

		it("counts against the same monthly quota and is logged as a legacy action", () => {
			const world = newWorld({ tier: "free", ranksThisMonth: 169 });
			const rookie = member(world, "Rookie");
			expect(legacy(world, "/roblox/promote", { user_id: rookie.id }).status).to.equal(200);
			expect((call(world, "GET", "/api/workspace").json as WorkspaceBody).usage.ranksThisMonth).to.equal(170);
			expectLegacyError(legacy(world, "/roblox/promote", { user_id: rookie.id }), 403);
			const log = world.rankgun.rankActions();
			expect(log.size()).to.equal(1);
			expect(log[0].via).to.equal("legacy");
		});

		it("shares the workspace's rate limit, answering 429 in the old envelope", () => {
			const world = newWorld();
			world.rankgun.setRateLimit(1);
			call(world, "GET", "/api/workspace");
			const response = legacy(world, "/roblox/promote", { user_id: member(world, "Rookie").id });
			expectLegacyError(response, 429);
			expect(tonumber(response.headers["retry-after"])).to.be.ok();
		});
	});
};
