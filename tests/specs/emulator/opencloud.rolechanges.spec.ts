// Changing roles through Open Cloud: assignRole, unassignRole and the deprecated PATCH, and
// every documented refusal
// (https://github.com/Roblox/creator-docs/blob/b0bf2f155772/content/en-us/reference/cloud/openapi.json).
import type { World } from "../../emulator";
import type { OpenCloudKey } from "../../emulator/opencloud";
import { Harness } from "../helpers/harness";
import { WireResponse } from "../helpers/http";
import { cloud, CloudMembership, errorCode, MembershipPage } from "./support/opencloud";

export = () => {
	let world: World;
	let alice: World["bot"];
	let bob: World["bot"];
	let carol: World["bot"];

	beforeEach(() => {
		Harness.resetHttpBudget();
		world = Harness.emulator.createWorld({
			members: [
				{ name: "Alice", rank: 1 },
				{ name: "Bob", rank: 10 },
				{ name: "Carol", rank: 200 },
			],
		});
		[alice, bob, carol] = [world.members[0], world.members[1], world.members[2]];
	});

	function rolePath(rank: number, target: World = world) {
		return `groups/${target.group.id}/roles/${target.group.roleByRank(rank)!.id}`;
	}

	function change(verb: "assignRole" | "unassignRole" | "PATCH", membership: string | number, role: string, key: OpenCloudKey = world.openCloud) {
		const path = `/cloud/v2/groups/${world.group.id}/memberships/${membership}`;
		if (verb === "PATCH") return cloud("PATCH", path, key.key, { body: { role } });
		return cloud("POST", `${path}:${verb}`, key.key, { body: { role } });
	}

	function membership(response: WireResponse) {
		return response.json as CloudMembership;
	}

	function rolesOf(userId: number): Array<number> {
		const ranks = world.group.members.get(userId)!.roleIds.map((id) => world.group.roleById(id)!.rank);
		ranks.sort();
		return ranks;
	}

	describe("assignRole", () => {
		it("adds the role and answers the membership with its highest role first", () => {
			const response = change("assignRole", alice.id, rolePath(20));
			expect(response.status).to.equal(200);
			const body = membership(response);
			expect(body.user).to.equal(`users/${alice.id}`);
			expect(body.role).to.equal(rolePath(20));
			expect(body.roles.size()).to.equal(2);
			expect(body.roles.includes(rolePath(1))).to.equal(true);
			expect(rolesOf(alice.id).join(",")).to.equal("1,20");
			expect(world.group.rankOf(alice.id)).to.equal(20);
		});

		it("changes nothing when the member already holds the role", () => {
			const first = membership(change("assignRole", alice.id, rolePath(20)));
			Harness.emulator.advance(5);
			const again = change("assignRole", alice.id, rolePath(20));
			expect(again.status).to.equal(200);
			expect(membership(again).updateTime).to.equal(first.updateTime);
			expect(rolesOf(alice.id).join(",")).to.equal("1,20");
		});

		it("accepts the membership id from a membership path as well as the user id", () => {
			const listed = cloud("GET", `/cloud/v2/groups/${world.group.id}/memberships`, world.openCloud.key, {
				query: { filter: `user == 'users/${bob.id}'` },
			}).json as MembershipPage;
			const segments = listed.groupMemberships[0].path.split("/");
			const membershipId = segments[segments.size() - 1];
			expect(membershipId).never.to.equal(tostring(bob.id));
			expect(change("assignRole", membershipId, rolePath(30)).status).to.equal(200);
			expect(world.group.rankOf(bob.id)).to.equal(30);
		});
	});

	describe("unassignRole", () => {
		it("removes the role", () => {
			change("assignRole", alice.id, rolePath(20));
			const response = change("unassignRole", alice.id, rolePath(20));
			expect(response.status).to.equal(200);
			expect(membership(response).role).to.equal(rolePath(1));
			expect(membership(response).roles.size()).to.equal(1);
			expect(world.group.rankOf(alice.id)).to.equal(1);
		});

		it("changes nothing when the member does not hold the role", () => {
			const response = change("unassignRole", alice.id, rolePath(30));
			expect(response.status).to.equal(200);
			expect(rolesOf(alice.id).join(",")).to.equal("1");
		});

		it("refuses to take away a member's last role", () => {
			const response = change("unassignRole", alice.id, rolePath(1));
			expect(response.status).to.equal(400);
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
			expect(rolesOf(alice.id).join(",")).to.equal("1");
		});
	});

	describe("PATCH (deprecated UpdateGroupMembership)", () => {
		it("makes the given role the member's only role", () => {
			change("assignRole", alice.id, rolePath(20));
			const response = change("PATCH", alice.id, rolePath(30));
			expect(response.status).to.equal(200);
			expect(membership(response).role).to.equal(rolePath(30));
			expect(membership(response).roles.size()).to.equal(1);
			expect(rolesOf(alice.id).join(",")).to.equal("30");
		});

		it("refuses a body without role", () => {
			const response = cloud("PATCH", `/cloud/v2/groups/${world.group.id}/memberships/${alice.id}`, world.openCloud.key, {
				body: { user: `users/${alice.id}` },
			});
			expect(response.status).to.equal(400);
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
		});

		it("refuses the key owner's own membership", () => {
			const response = change("PATCH", world.bot.id, rolePath(200));
			expect(errorCode(response)).to.equal("PERMISSION_DENIED");
			expect(world.group.rankOf(world.bot.id)).to.equal(254);
		});
	});

	describe("refusals", () => {
		it("refuses the Guest role", () => {
			const response = change("assignRole", alice.id, rolePath(0));
			expect(response.status).to.equal(400);
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
			expect(rolesOf(alice.id).join(",")).to.equal("1");
		});

		it("refuses the Owner role, even to the group's owner", () => {
			const ownerKey = Harness.emulator.openCloud.createKey(world.owner, {});
			const response = change("assignRole", carol.id, rolePath(255), ownerKey);
			expect(response.status).to.equal(400);
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
			expect(world.group.rankOf(carol.id)).to.equal(200);
		});

		it("refuses a change to the key owner's own roles", () => {
			const response = change("assignRole", world.bot.id, rolePath(200));
			expect(response.status).to.equal(403);
			expect(errorCode(response)).to.equal("PERMISSION_DENIED");
			expect(rolesOf(world.bot.id).join(",")).to.equal("254");
		});

		it("refuses a role at or above the key owner's rank", () => {
			const carolKey = Harness.emulator.openCloud.createKey(carol, {});
			expect(errorCode(change("assignRole", bob.id, rolePath(200), carolKey))).to.equal("PERMISSION_DENIED");
			expect(errorCode(change("assignRole", bob.id, rolePath(254)))).to.equal("PERMISSION_DENIED");
			expect(change("assignRole", bob.id, rolePath(100), carolKey).status).to.equal(200);
		});

		it("refuses a member at or above the key owner's rank", () => {
			const carolKey = Harness.emulator.openCloud.createKey(carol, {});
			const response = change("assignRole", world.bot.id, rolePath(20), carolKey);
			expect(response.status).to.equal(403);
			expect(errorCode(response)).to.equal("PERMISSION_DENIED");
			expect(errorCode(change("PATCH", world.owner.id, rolePath(20)))).to.equal("PERMISSION_DENIED");
			expect(world.group.rankOf(world.owner.id)).to.equal(255);
		});

		it("refuses a key whose owner is not in the group", () => {
			const outsider = Harness.emulator.roblox.createUser("Outsider");
			const key = Harness.emulator.openCloud.createKey(outsider, {});
			expect(errorCode(change("assignRole", alice.id, rolePath(10), key))).to.equal("PERMISSION_DENIED");
		});

		it("answers NOT_FOUND for someone who is not a member", () => {
			const response = change("assignRole", 424242, rolePath(10));
			expect(response.status).to.equal(404);
			expect(errorCode(response)).to.equal("NOT_FOUND");
		});

		it("refuses a role of another group", () => {
			const other = Harness.emulator.createWorld({});
			const response = change("assignRole", alice.id, rolePath(10, other));
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
			expect(rolesOf(alice.id).join(",")).to.equal("1");
		});

		it("refuses a role that is not a role path", () => {
			expect(errorCode(change("assignRole", alice.id, "Private"))).to.equal("INVALID_ARGUMENT");
		});

		it("answers NOT_FOUND for a custom method that does not exist", () => {
			const response = cloud("POST", `/cloud/v2/groups/${world.group.id}/memberships/${alice.id}:promote`, world.openCloud.key, {
				body: { role: rolePath(10) },
			});
			expect(response.status).to.equal(404);
			expect(errorCode(response)).to.equal("NOT_FOUND");
		});
	});
};
