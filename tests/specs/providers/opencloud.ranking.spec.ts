// Ranking through Roblox Open Cloud groups v2, over HTTP against the emulator, through the
// public API: assignRole/unassignRole with members holding several roles, the documented
// refusals, the deprecated PATCH fallback, and a timed-out change settled once.
import RankBridge from "../../../src";
import type { World } from "../../emulator";
import { member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { OPEN_CLOUD_SECRET, openCloudWorld, ScriptedTransport } from "../helpers/providerBridges";
import { contains, rejection } from "../helpers/rejection";

const ERRORS = RankBridge.ErrorKind;

/** The member's role ranks, lowest first. */
function rolesOf(world: World, userId: number): string {
	const ranks = world.group.members.get(userId)!.roleIds.map((id) => world.group.roleById(id)!.rank);
	ranks.sort();
	return ranks.join(",");
}

/** Gives the member an extra role. */
function addRole(world: World, userId: number, rank: number) {
	world.group.members.get(userId)!.roleIds.push(world.group.roleByRank(rank)!.id);
}

/** The Open Cloud requests sent since `mark` (an index into the harness's HTTP log). */
function cloudCalls(mark: number) {
	return Harness.httpLog().filter((entry, index) => index >= mark && contains(entry.Url, "/cloud/"));
}

function writesSince(mark: number) {
	return cloudCalls(mark)
		.filter((entry) => entry.Method !== "GET")
		.size();
}

export = () => {
	describe("setRank", () => {
		it("assigns the new role, then unassigns the previous one", () => {
			const { world, bridge } = openCloudWorld();
			const corporal = member(world, "Corporal1").id;
			const mark = Harness.httpLog().size();
			const result = bridge().setRank(corporal, 100).expect();
			expect(result.oldRank).to.equal(20);
			expect(result.newRank).to.equal(100);
			expect(rolesOf(world, corporal)).to.equal("100");
			const writes = cloudCalls(mark).filter((entry) => entry.Method === "POST");
			expect(writes.size()).to.equal(2);
			expect(contains(writes[0].Url, `/memberships/${corporal}:assignRole`)).to.equal(true);
			expect(contains(writes[1].Url, `/memberships/${corporal}:unassignRole`)).to.equal(true);
		});

		it("sends only x-api-key (as a Secret) and content-type to Open Cloud", () => {
			const { world, bridge } = openCloudWorld();
			const mark = Harness.httpLog().size();
			bridge().setRank(member(world, "Recruit1").id, 10).expect();
			const calls = cloudCalls(mark);
			expect(calls.size() >= 3).to.equal(true);
			for (const call of calls) {
				for (const [name] of pairs(call.Headers)) expect(name === "x-api-key" || name === "content-type").to.equal(true);
				expect(call.Headers["x-api-key"]).to.equal(`Secret(${OPEN_CLOUD_SECRET})`);
			}
		});

		it("does nothing when the member already has the rank", () => {
			const { world, bridge } = openCloudWorld();
			const mark = Harness.httpLog().size();
			const result = bridge().setRank(member(world, "Sergeant1").id, 30).expect();
			expect(result.newRank).to.equal(30);
			expect(writesSince(mark)).to.equal(0);
		});

		it("refuses Guest, Owner and ranks the group lacks before writing", () => {
			const { world, bridge } = openCloudWorld();
			const ranker = bridge();
			const recruit = member(world, "Recruit1").id;
			const mark = Harness.httpLog().size();
			expect(rejection(ranker.setRank(recruit, 255)).kind).to.equal(ERRORS.RankOutOfRange);
			expect(rejection(ranker.setRank(recruit, 15)).kind).to.equal(ERRORS.RankOutOfRange);
			expect(writesSince(mark)).to.equal(0);
			expect(rolesOf(world, recruit)).to.equal("1");
		});

		it("refuses a user who is not in the group with NotInGroup, reading the membership first", () => {
			const { bridge } = openCloudWorld();
			const outsider = Harness.emulator.roblox.createUser("Outsider");
			const mark = Harness.httpLog().size();
			expect(rejection(bridge().setRank(outsider.id, 10)).kind).to.equal(ERRORS.NotInGroup);
			expect(writesSince(mark)).to.equal(0);
		});
	});

	describe("members with several roles", () => {
		it("a promotion replaces the rank role and keeps a lower secondary role", () => {
			const { world, bridge } = openCloudWorld();
			const privateId = member(world, "Private1").id;
			addRole(world, privateId, 1);
			const result = bridge().promote(privateId).expect();
			expect(result.oldRank).to.equal(10);
			expect(result.newRank).to.equal(20);
			expect(rolesOf(world, privateId)).to.equal("1,20");
		});

		it("a demotion removes every role ranked above the new rank", () => {
			const { world, bridge } = openCloudWorld();
			const corporal = member(world, "Corporal1").id;
			addRole(world, corporal, 30);
			addRole(world, corporal, 1);
			const result = bridge().setRank(corporal, 10).expect();
			expect(result.oldRank).to.equal(30);
			expect(rolesOf(world, corporal)).to.equal("1,10");
			expect(world.group.rankOf(corporal)).to.equal(10);
		});

		it("reads the rank as the highest role held", () => {
			const { world, bridge } = openCloudWorld();
			const recruit = member(world, "Recruit1").id;
			addRole(world, recruit, 30);
			expect(bridge().getRank(recruit).expect()).to.equal(30);
		});
	});

	describe("promote and demote", () => {
		it("moves along the group's roles, read through Open Cloud with GroupService off", () => {
			const { world, bridge } = openCloudWorld();
			const ranker = bridge();
			const sergeant = member(world, "Sergeant1").id;
			expect(ranker.promote(sergeant).expect().newRank).to.equal(100);
			expect(ranker.demote(sergeant).expect().newRank).to.equal(30);
			expect(ranker.demote(sergeant).expect().newRank).to.equal(20);
			expect(rolesOf(world, sergeant)).to.equal("20");
		});

		it("refuses to demote below the lowest rank (never to Guest)", () => {
			const { world, bridge } = openCloudWorld();
			expect(rejection(bridge().demote(member(world, "Recruit1").id)).kind).to.equal(ERRORS.RankOutOfRange);
		});

		it("lists the group's roles once and reuses them", () => {
			const { world, bridge } = openCloudWorld();
			const ranker = bridge();
			const mark = Harness.httpLog().size();
			ranker.promote(member(world, "Recruit1").id).expect();
			ranker.promote(member(world, "Private1").id).expect();
			ranker.demote(member(world, "Officer1").id).expect();
			expect(
				cloudCalls(mark)
					.filter((entry) => contains(entry.Url, "/roles"))
					.size(),
			).to.equal(1);
		});
	});

	describe("the key owner's rank", () => {
		it("without botUserId, Open Cloud's refusal of a role at the owner's rank is Forbidden", () => {
			const { world, bridge } = openCloudWorld({ members: [{ name: "Commander1", rank: 200 }] });
			const commander = member(world, "Commander1").id;
			const failure = rejection(bridge().promote(commander));
			expect(failure.kind).to.equal(ERRORS.Forbidden);
			expect(failure.code).to.equal("PERMISSION_DENIED");
			expect(rolesOf(world, commander)).to.equal("200");
		});

		it("without botUserId, the owner changing their own roles is Forbidden", () => {
			const { world, bridge } = openCloudWorld();
			const failure = rejection(bridge().setRank(world.bot.id, 10));
			expect(failure.kind).to.equal(ERRORS.Forbidden);
			expect(contains(failure.message, "own roles")).to.equal(true);
		});

		it("with botUserId, both are refused before any write", () => {
			const { world, bridge } = openCloudWorld({ members: [{ name: "Commander1", rank: 200 }] });
			const ranker = bridge({ botUserId: world.bot.id });
			const mark = Harness.httpLog().size();
			expect(rejection(ranker.promote(member(world, "Commander1").id)).kind).to.equal(ERRORS.RankOutOfRange);
			expect(rejection(ranker.setRank(world.bot.id, 10)).kind).to.equal(ERRORS.Forbidden);
			expect(rejection(ranker.setRank(world.owner.id, 10)).kind).to.equal(ERRORS.Forbidden);
			expect(writesSince(mark)).to.equal(0);
		});
	});

	describe("keys", () => {
		it("a key Open Cloud does not know is InvalidKey", () => {
			const { world, bridge } = openCloudWorld();
			Harness.setSecret("WrongKey", "not-a-key");
			const failure = rejection(bridge({ secret: "WrongKey" }).setRank(member(world, "Recruit1").id, 10));
			expect(failure.kind).to.equal(ERRORS.InvalidKey);
			expect(failure.status).to.equal(401);
			expect(contains(failure.message, "apis.roblox.com")).to.equal(true);
		});

		it("a key without group:write is Forbidden, saying which scopes it needs", () => {
			const { world, bridge } = openCloudWorld({ openCloud: { scopes: ["group:read"] } });
			const failure = rejection(bridge().setRank(member(world, "Recruit1").id, 10));
			expect(failure.kind).to.equal(ERRORS.Forbidden);
			expect(contains(failure.message, "group:write")).to.equal(true);
			expect(rolesOf(world, member(world, "Recruit1").id)).to.equal("1");
		});

		it("a secret that is not in the store fails at construction with SecretMissing", () => {
			const { world } = openCloudWorld();
			const [ok, raised] = pcall(
				() => new RankBridge({ provider: "opencloud", secret: "NoSuchSecret", groupId: world.group.id, bindToClose: false, stores: false }),
			);
			expect(ok).to.equal(false);
			expect((raised as { kind: string }).kind).to.equal(ERRORS.SecretMissing);
		});
	});

	describe("stale roles and the PATCH fallback", () => {
		it("lists the roles again when a cached role was remade, and the change goes through", () => {
			const { world, bridge } = openCloudWorld();
			const ranker = bridge();
			const recruit = member(world, "Recruit1").id;
			expect(ranker.getRank(recruit).expect()).to.equal(1);
			const group = world.group;
			const old = group.roleByRank(20)!;
			group.roles.remove(group.roles.indexOf(old));
			group.roles.push({ id: 77000001, name: "Corporal", description: "", rank: 20 });
			expect(ranker.setRank(recruit, 20).expect().newRank).to.equal(20);
			expect(group.members.get(recruit)!.roleIds.join(",")).to.equal("77000001");
		});

		it("falls back to the deprecated PATCH when assignRole is not available, leaving only the rank role", () => {
			const { world, bridge } = openCloudWorld();
			const transport = new ScriptedTransport((request) =>
				contains(request.url, ":assignRole")
					? { status: 501, headers: {}, body: '{"code":"NOT_IMPLEMENTED","message":"Not implemented"}' }
					: undefined,
			);
			const ranker = bridge({ transport });
			const privateId = member(world, "Private1").id;
			addRole(world, privateId, 1);
			const warnings = Harness.warnings().size();
			expect(ranker.promote(privateId).expect().newRank).to.equal(20);
			expect(rolesOf(world, privateId)).to.equal("20");
			expect(ranker.promote(privateId).expect().newRank).to.equal(30);
			const assigns = transport.seen.filter((request) => contains(request.url, ":assignRole")).size();
			const patches = transport.seen.filter((request) => request.method === "PATCH").size();
			expect(assigns).to.equal(1);
			expect(patches).to.equal(2);
			expect(Harness.warnings().size()).to.equal(warnings + 1);
			expect(contains(Harness.warnings()[warnings], "PATCH")).to.equal(true);
		});
	});

	describe("failures on the wire", () => {
		it("settles a promote whose assignRole timed out after it applied: one step up, previous role cleaned up", () => {
			const { world, bridge } = openCloudWorld();
			Harness.emulator.fault({ kind: "hang", service: "opencloud", pathContains: ":assignRole", apply: true, seconds: 1.5 });
			const privateId = member(world, "Private1").id;
			const result = bridge({ timeout: 1 }).promote(privateId).expect();
			expect(result.oldRank).to.equal(10);
			expect(result.newRank).to.equal(20);
			expect(rolesOf(world, privateId)).to.equal("20");
		});

		it("retries after a 429, honouring Retry-After", () => {
			const { world, bridge } = openCloudWorld();
			Harness.emulator.fault({ kind: "rateLimited", service: "opencloud", pathContains: ":assignRole", retryAfter: 0.3 });
			const ranker = bridge();
			const started = os.clock();
			expect(ranker.setRank(member(world, "Recruit1").id, 10).expect().newRank).to.equal(10);
			expect(os.clock() - started >= 0.3).to.equal(true);
			expect(ranker.status().lastError?.kind).to.equal(ERRORS.RateLimited);
		});

		it("retries a 500 after reading the membership back", () => {
			const { world, bridge } = openCloudWorld();
			Harness.emulator.fault({ kind: "serverError", service: "opencloud", pathContains: ":unassignRole" });
			const privateId = member(world, "Private1").id;
			expect(bridge().promote(privateId).expect().newRank).to.equal(20);
			expect(rolesOf(world, privateId)).to.equal("20");
		});

		it("reads the rank fresh: a change made elsewhere shows at once", () => {
			const { world, bridge } = openCloudWorld();
			const ranker = bridge();
			const recruit = member(world, "Recruit1").id;
			expect(ranker.getRank(recruit).expect()).to.equal(1);
			world.group.setOnlyRole(recruit, world.group.roleByRank(100)!, Harness.emulator.now());
			expect(ranker.getRank(recruit).expect()).to.equal(100);
			expect(ranker.getRank(Harness.emulator.roblox.createUser("Nobody").id).expect()).to.equal(0);
		});
	});
};
