// GetGroup, ListGroupRoles and GetGroupRole over the wire (Roblox's OpenAPI file,
// https://github.com/Roblox/creator-docs/blob/b0bf2f155772/content/en-us/reference/cloud/openapi.json).
import type { World } from "../../emulator";
import { Harness } from "../helpers/harness";
import { cloud, CloudGroup, CloudRole, errorCode, isRfc3339, longLadder, RolePage } from "./support/opencloud";

export = () => {
	let world: World;

	beforeEach(() => {
		Harness.resetHttpBudget();
		world = Harness.emulator.createWorld({
			groupName: "Acme Corps",
			members: [
				{ name: "Alice", rank: 1 },
				{ name: "Bob", rank: 1 },
				{ name: "Carol", rank: 100 },
			],
		});
	});

	describe("GetGroup", () => {
		it("answers the documented Group fields", () => {
			const response = cloud("GET", `/cloud/v2/groups/${world.group.id}`, world.openCloud.key);
			expect(response.status).to.equal(200);
			const group = response.json as CloudGroup;
			expect(group.path).to.equal(`groups/${world.group.id}`);
			expect(group.id).to.equal(tostring(world.group.id));
			expect(group.displayName).to.equal("Acme Corps");
			expect(group.owner).to.equal(`users/${world.owner.id}`);
			expect(group.memberCount).to.equal(5);
			expect(typeIs(group.publicEntryAllowed, "boolean")).to.equal(true);
			expect(typeIs(group.locked, "boolean")).to.equal(true);
			expect(typeIs(group.verified, "boolean")).to.equal(true);
			expect(isRfc3339(group.createTime)).to.equal(true);
			expect(isRfc3339(group.updateTime)).to.equal(true);
		});

		it("answers NOT_FOUND for a group that does not exist", () => {
			const response = cloud("GET", "/cloud/v2/groups/999999999", world.openCloud.key);
			expect(response.status).to.equal(404);
			expect(errorCode(response)).to.equal("NOT_FOUND");
		});
	});

	describe("ListGroupRoles", () => {
		it("lists roles by rank with the documented fields", () => {
			const response = cloud("GET", `/cloud/v2/groups/${world.group.id}/roles`, world.openCloud.key);
			expect(response.status).to.equal(200);
			const page = response.json as RolePage;
			expect(page.groupRoles.size()).to.equal(9);
			expect(page.nextPageToken).to.equal(undefined);
			const ranks = page.groupRoles.map((role) => role.rank);
			expect(ranks.join(",")).to.equal("0,1,10,20,30,100,200,254,255");
			const recruit = page.groupRoles[1];
			const model = world.group.roleByRank(1)!;
			expect(recruit.path).to.equal(`groups/${world.group.id}/roles/${model.id}`);
			expect(recruit.id).to.equal(tostring(model.id));
			expect(recruit.displayName).to.equal("Recruit");
			expect(recruit.memberCount).to.equal(2);
			expect(page.groupRoles[0].memberCount).to.equal(undefined);
		});

		it("pages 10 roles by default and follows nextPageToken to the end", () => {
			const big = Harness.emulator.createWorld({ ladder: longLadder(23) });
			const path = `/cloud/v2/groups/${big.group.id}/roles`;
			const seen = new Array<number>();
			let token: string | undefined;
			const sizes = new Array<number>();
			do {
				const page = cloud("GET", path, big.openCloud.key, { query: token !== undefined ? { pageToken: token } : {} }).json as RolePage;
				sizes.push(page.groupRoles.size());
				for (const role of page.groupRoles) seen.push(role.rank);
				token = page.nextPageToken;
			} while (token !== undefined);
			expect(sizes.join(",")).to.equal("10,10,5");
			expect(seen.size()).to.equal(25);
			expect(seen[0]).to.equal(0);
			expect(seen[24]).to.equal(255);
		});

		it("caps maxPageSize at 20", () => {
			const big = Harness.emulator.createWorld({ ladder: longLadder(23) });
			const page = cloud("GET", `/cloud/v2/groups/${big.group.id}/roles`, big.openCloud.key, { query: { maxPageSize: 50 } }).json as RolePage;
			expect(page.groupRoles.size()).to.equal(20);
			expect(page.nextPageToken).to.be.ok();
		});

		it("refuses a page token used with a different maxPageSize", () => {
			const big = Harness.emulator.createWorld({ ladder: longLadder(23) });
			const path = `/cloud/v2/groups/${big.group.id}/roles`;
			const first = cloud("GET", path, big.openCloud.key, { query: { maxPageSize: 5 } }).json as RolePage;
			const response = cloud("GET", path, big.openCloud.key, { query: { maxPageSize: 6, pageToken: first.nextPageToken! } });
			expect(response.status).to.equal(400);
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
		});

		it("refuses a page token it never issued", () => {
			const response = cloud("GET", `/cloud/v2/groups/${world.group.id}/roles`, world.openCloud.key, { query: { pageToken: "made-up" } });
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
		});
	});

	describe("GetGroupRole", () => {
		it("answers one role", () => {
			const model = world.group.roleByRank(100)!;
			const response = cloud("GET", `/cloud/v2/groups/${world.group.id}/roles/${model.id}`, world.openCloud.key);
			expect(response.status).to.equal(200);
			const role = response.json as CloudRole;
			expect(role.id).to.equal(tostring(model.id));
			expect(role.displayName).to.equal("Officer");
			expect(role.rank).to.equal(100);
			expect(role.memberCount).to.equal(1);
		});

		it("shows the description only to the group's owner", () => {
			const model = world.group.roleByRank(100)!;
			model.description = "Leads a squad";
			const path = `/cloud/v2/groups/${world.group.id}/roles/${model.id}`;
			expect((cloud("GET", path, world.openCloud.key).json as CloudRole).description).to.equal(undefined);
			const ownerKey = Harness.emulator.openCloud.createKey(world.owner, {});
			expect((cloud("GET", path, ownerKey.key).json as CloudRole).description).to.equal("Leads a squad");
		});

		it("shows createTime and updateTime only to the group's owner, as the GroupRole schema says", () => {
			const path = `/cloud/v2/groups/${world.group.id}/roles/${world.group.roleByRank(100)!.id}`;
			const asBot = cloud("GET", path, world.openCloud.key).json as CloudRole;
			expect(asBot.createTime).to.equal(undefined);
			expect(asBot.updateTime).to.equal(undefined);
			const asOwner = cloud("GET", path, Harness.emulator.openCloud.createKey(world.owner, {}).key).json as CloudRole;
			expect(isRfc3339(asOwner.createTime)).to.equal(true);
			expect(isRfc3339(asOwner.updateTime)).to.equal(true);
		});

		it("shows permissions for the guest role to anyone, a member's own role to them and every role to the owner, with group:read", () => {
			const rolesAs = (key: string) => (cloud("GET", `/cloud/v2/groups/${world.group.id}/roles`, key).json as RolePage).groupRoles;
			const seen = (roles: Array<CloudRole>) =>
				roles
					.filter((role) => role.permissions !== undefined)
					.map((role) => role.rank)
					.join(",");
			expect(seen(rolesAs(world.openCloud.key))).to.equal("0,254");
			expect(seen(rolesAs(Harness.emulator.openCloud.createKey(world.owner, {}).key))).to.equal("0,1,10,20,30,100,200,254,255");
			expect(seen(rolesAs(Harness.emulator.openCloud.createKey(world.owner, { scopes: ["group:write"] }).key))).to.equal("0");
			const guest = rolesAs(world.openCloud.key)[0].permissions!;
			expect(guest.viewWallPosts).to.equal(true);
			expect(guest.changeRank).to.equal(false);
			expect(rolesAs(world.openCloud.key)[7].permissions!.changeRank).to.equal(true);
		});

		it("answers NOT_FOUND for a role of another group", () => {
			const other = Harness.emulator.createWorld({});
			const response = cloud("GET", `/cloud/v2/groups/${world.group.id}/roles/${other.group.roleByRank(1)!.id}`, world.openCloud.key);
			expect(response.status).to.equal(404);
			expect(errorCode(response)).to.equal("NOT_FOUND");
		});
	});
};
