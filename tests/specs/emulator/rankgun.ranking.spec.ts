// RankGun emulator: POST /api/roblox/promote | demote | setrank on the workspace's group.
import { Harness } from "../helpers/harness";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";
import { call, expectError, member, newWorld, now, RankBody } from "./rankgunApi";

export = () => {
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun emulator [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			beforeEach(() => Harness.resetHttpBudget());

			describe("RankGun emulator promote", () => {
				it("moves the user one role up the ladder and answers {success, oldRank, newRank, username}", () => {
					const world = newWorld();
					const rookie = member(world, "Rookie");
					const response = call(world, "POST", "/api/roblox/promote", { body: { userId: rookie.id, reason: "Passed training" } });
					expect(response.status).to.equal(200);
					const body = response.json as RankBody;
					expect(body.success).to.equal(true);
					expect(body.oldRank).to.equal(1);
					expect(body.newRank).to.equal(10);
					expect(body.username).to.equal("Rookie");
					expect(world.group.rankOf(rookie.id)).to.equal(10);
				});

				it("goes to the next existing role, across gaps in rank numbers", () => {
					const world = newWorld();
					const body = call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Sarge").id } }).json as RankBody;
					expect(body.oldRank).to.equal(30);
					expect(body.newRank).to.equal(100);
				});

				it("accepts a body without a reason", () => {
					const world = newWorld();
					expect(call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Pat").id } }).status).to.equal(200);
				});

				it("answers 400 when the user is already at the highest rank below the ranking account", () => {
					const world = newWorld();
					const cmdr = member(world, "Cmdr");
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: cmdr.id } }), 400, "ALREADY_HIGHEST_RANK");
					expect(world.group.rankOf(cmdr.id)).to.equal(200);
				});
			});

			describe("RankGun emulator demote", () => {
				it("moves the user one role down the ladder", () => {
					const world = newWorld();
					const cora = member(world, "Cora");
					const body = call(world, "POST", "/api/roblox/demote", { body: { userId: cora.id, reason: "Inactive for 30 days" } })
						.json as RankBody;
					expect(body.success).to.equal(true);
					expect(body.oldRank).to.equal(20);
					expect(body.newRank).to.equal(10);
					expect(body.username).to.equal("Cora");
					expect(world.group.rankOf(cora.id)).to.equal(10);
				});

				it("answers 400 at the lowest rank above Guest, never demoting anyone to Guest", () => {
					const world = newWorld();
					const rookie = member(world, "Rookie");
					expectError(call(world, "POST", "/api/roblox/demote", { body: { userId: rookie.id } }), 400, "ALREADY_LOWEST_RANK");
					expect(world.group.rankOf(rookie.id)).to.equal(1);
				});
			});

			describe("RankGun emulator setrank", () => {
				it("sets the given rank number and answers the old and new ranks", () => {
					const world = newWorld();
					const rookie = member(world, "Rookie");
					const response = call(world, "POST", "/api/roblox/setrank", {
						body: { userId: rookie.id, rankId: 100, reason: "Promoted to moderator" },
					});
					expect(response.status).to.equal(200);
					const body = response.json as RankBody;
					expect(body.oldRank).to.equal(1);
					expect(body.newRank).to.equal(100);
					expect(body.username).to.equal("Rookie");
					expect(world.group.rankOf(rookie.id)).to.equal(100);
				});

				it("sets a lower rank as well", () => {
					const world = newWorld();
					const body = call(world, "POST", "/api/roblox/setrank", { body: { userId: member(world, "Cmdr").id, rankId: 1 } })
						.json as RankBody;
					expect(body.oldRank).to.equal(200);
					expect(body.newRank).to.equal(1);
				});

				it("answers 200 with oldRank equal to newRank for the rank the user already has", () => {
					const world = newWorld();
					const body = call(world, "POST", "/api/roblox/setrank", { body: { userId: member(world, "Pat").id, rankId: 10 } })
						.json as RankBody;
					expect(body.oldRank).to.equal(10);
					expect(body.newRank).to.equal(10);
				});

				it("answers 400 for a rank number no role has", () => {
					const world = newWorld();
					expectError(
						call(world, "POST", "/api/roblox/setrank", { body: { userId: member(world, "Pat").id, rankId: 50 } }),
						400,
						"RANK_DOES_NOT_EXIST",
					);
				});

				it("answers 400 for a missing or malformed rankId, including Guest's 0", () => {
					const world = newWorld();
					const userId = member(world, "Pat").id;
					expectError(call(world, "POST", "/api/roblox/setrank", { body: { userId } }), 400, "INVALID_RANK");
					for (const rankId of [0, -1, 256, 1.5, "20"]) {
						expectError(call(world, "POST", "/api/roblox/setrank", { body: { userId, rankId } }), 400, "INVALID_RANK");
					}
					expect(world.group.rankOf(userId)).to.equal(10);
				});

				it("answers 400 for the Owner rank and for the ranking account's own rank", () => {
					const world = newWorld();
					const userId = member(world, "Pat").id;
					expectError(call(world, "POST", "/api/roblox/setrank", { body: { userId, rankId: 255 } }), 400, "RANK_NOT_ASSIGNABLE");
					expectError(call(world, "POST", "/api/roblox/setrank", { body: { userId, rankId: 254 } }), 400, "RANK_NOT_ASSIGNABLE");
					expect(world.group.rankOf(userId)).to.equal(10);
				});
			});

			describe("RankGun emulator rank action errors", () => {
				it("answers 400 for a missing, malformed or non-positive userId", () => {
					const world = newWorld();
					expectError(call(world, "POST", "/api/roblox/promote", { body: { reason: "no user" } }), 400, "INVALID_USER_ID");
					for (const userId of ["123", 0, -5, 1.5]) {
						expectError(call(world, "POST", "/api/roblox/promote", { body: { userId } }), 400, "INVALID_USER_ID");
					}
				});

				it("answers 400 for a body that is not a JSON object", () => {
					const world = newWorld();
					expectError(
						call(world, "POST", "/api/roblox/promote", { body: "userId=5", headers: { "content-type": "application/json" } }),
						400,
						"INVALID_BODY",
					);
				});

				it("answers 400 for a user who is not in the group", () => {
					const world = newWorld();
					for (const path of ["/api/roblox/promote", "/api/roblox/demote"]) {
						expectError(call(world, "POST", path, { body: { userId: 777001 } }), 400, "USER_NOT_IN_GROUP");
					}
					expectError(call(world, "POST", "/api/roblox/setrank", { body: { userId: 777001, rankId: 10 } }), 400, "USER_NOT_IN_GROUP");
					expect(world.group.rankOf(777001)).to.equal(0);
				});

				it("answers 400 for the owner and the ranking account, who rank at or above it", () => {
					const world = newWorld();
					expectError(call(world, "POST", "/api/roblox/demote", { body: { userId: world.owner.id } }), 400, "USER_NOT_MANAGEABLE");
					expectError(call(world, "POST", "/api/roblox/demote", { body: { userId: world.bot.id } }), 400, "USER_NOT_MANAGEABLE");
					expect(world.group.rankOf(world.owner.id)).to.equal(255);
					expect(world.group.rankOf(world.bot.id)).to.equal(254);
				});

				it("answers 400 for a non-string reason", () => {
					const world = newWorld();
					expectError(
						call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Pat").id, reason: 5 } }),
						400,
						"INVALID_BODY",
					);
				});
			});

			describe("RankGun emulator Maximum Rank guard", () => {
				it("refuses with 403 MAX_RANK_EXCEEDED a promotion above the maximum", () => {
					const world = newWorld({ maxRank: 30 });
					const sarge = member(world, "Sarge");
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: sarge.id } }), 403, "MAX_RANK_EXCEEDED");
					expect(world.group.rankOf(sarge.id)).to.equal(30);
				});

				it("refuses a setrank above the maximum", () => {
					const world = newWorld({ maxRank: 30 });
					expectError(
						call(world, "POST", "/api/roblox/setrank", { body: { userId: member(world, "Rookie").id, rankId: 100 } }),
						403,
						"MAX_RANK_EXCEEDED",
					);
				});

				it("allows ranking up to the maximum itself", () => {
					const world = newWorld({ maxRank: 30 });
					expect(call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Cora").id } }).status).to.equal(200);
					expect(world.group.rankOf(member(world, "Cora").id)).to.equal(30);
				});

				it("still allows demoting someone who is above the maximum", () => {
					const world = newWorld({ maxRank: 30 });
					const cmdr = member(world, "Cmdr");
					const body = call(world, "POST", "/api/roblox/demote", { body: { userId: cmdr.id } }).json as RankBody;
					expect(body.newRank).to.equal(100);
				});

				it("applies a maximum set on a live workspace", () => {
					const world = newWorld();
					world.rankgun.setMaxRank(10);
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Pat").id } }), 403, "MAX_RANK_EXCEEDED");
				});
			});

			describe("RankGun emulator rank-action audit log", () => {
				it("records user, old and new rank, reason and time of each successful action", () => {
					const world = newWorld();
					const rookie = member(world, "Rookie");
					const before = now();
					call(world, "POST", "/api/roblox/promote", { body: { userId: rookie.id, reason: "Passed training" } });
					call(world, "POST", "/api/roblox/demote", { body: { userId: rookie.id } });
					const log = world.rankgun.rankActions();
					expect(log.size()).to.equal(2);
					expect(log[0].kind).to.equal("promote");
					expect(log[0].via).to.equal("api");
					expect(log[0].userId).to.equal(rookie.id);
					expect(log[0].oldRank).to.equal(1);
					expect(log[0].newRank).to.equal(10);
					expect(log[0].reason).to.equal("Passed training");
					expect(log[0].at >= before && log[0].at <= now()).to.equal(true);
					expect(log[1].kind).to.equal("demote");
					expect(log[1].reason).to.equal(undefined);
				});

				it("records nothing for a refused action", () => {
					const world = newWorld();
					call(world, "POST", "/api/roblox/demote", { body: { userId: member(world, "Rookie").id } });
					expect(world.rankgun.rankActions().size()).to.equal(0);
				});

				it("changes the Roblox group itself, so every service sees the new rank", () => {
					const world = newWorld();
					const pat = member(world, "Pat");
					call(world, "POST", "/api/roblox/setrank", { body: { userId: pat.id, rankId: 30 } });
					const roles = world.group.members.get(pat.id)!.roleIds;
					expect(roles.size()).to.equal(1);
					expect(world.group.roleById(roles[0])!.name).to.equal("Sergeant");
				});
			});
		});
	}
};
