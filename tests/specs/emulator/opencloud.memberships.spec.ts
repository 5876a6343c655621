// ListGroupMemberships over the wire: shape, paging and the documented filters
// (https://create.roblox.com/docs/cloud/reference/patterns#list-group-memberships).
import type { World, WorldMemberSeed } from "../../emulator";
import { Harness } from "../helpers/harness";
import { cloud, errorCode, isRfc3339, MembershipPage } from "./support/opencloud";

function crowd(count: number): Array<WorldMemberSeed> {
	const members = new Array<WorldMemberSeed>();
	for (let i = 1; i <= count; i++) members.push({ name: `Member${i}`, rank: i % 3 === 0 ? 10 : 1 });
	return members;
}

export = () => {
	let world: World;

	beforeEach(() => {
		Harness.resetHttpBudget();
		world = Harness.emulator.createWorld({
			members: [
				{ name: "Alice", rank: 1 },
				{ name: "Bob", rank: 10 },
				{ name: "Carol", rank: 100 },
			],
		});
	});

	function list(target: World | string, query: Record<string, string | number> = {}) {
		const group = typeIs(target, "string") ? target : tostring(target.group.id);
		return cloud("GET", `/cloud/v2/groups/${group}/memberships`, world.openCloud.key, { query });
	}

	it("answers GroupMemberships with the documented fields", () => {
		const bob = world.members[1];
		const response = list(world, { filter: `user == 'users/${bob.id}'` });
		expect(response.status).to.equal(200);
		const page = response.json as MembershipPage;
		expect(page.groupMemberships.size()).to.equal(1);
		const membership = page.groupMemberships[0];
		const model = world.group.members.get(bob.id)!;
		const privateRole = world.group.roleByRank(10)!;
		expect(membership.path).to.equal(`groups/${world.group.id}/memberships/${model.membershipId}`);
		expect(membership.user).to.equal(`users/${bob.id}`);
		expect(membership.role).to.equal(`groups/${world.group.id}/roles/${privateRole.id}`);
		expect(membership.roles.size()).to.equal(1);
		expect(membership.roles[0]).to.equal(membership.role);
		expect(isRfc3339(membership.createTime)).to.equal(true);
		expect(isRfc3339(membership.updateTime)).to.equal(true);
	});

	it("reports the highest role as `role` and every role in `roles`", () => {
		const carol = world.members[2];
		const low = world.group.roleByRank(1)!;
		world.group.members.get(carol.id)!.roleIds.push(low.id);
		const membership = (list(world, { filter: `user == 'users/${carol.id}'` }).json as MembershipPage).groupMemberships[0];
		expect(membership.role).to.equal(`groups/${world.group.id}/roles/${world.group.roleByRank(100)!.id}`);
		expect(membership.roles.size()).to.equal(2);
		expect(membership.roles.includes(`groups/${world.group.id}/roles/${low.id}`)).to.equal(true);
	});

	describe("paging", () => {
		it("pages 10 memberships by default and follows nextPageToken to the end", () => {
			const big = Harness.emulator.createWorld({ members: crowd(23) });
			const users = new Set<string>();
			const sizes = new Array<number>();
			let token: string | undefined;
			do {
				const page = list(big, token !== undefined ? { pageToken: token } : {}).json as MembershipPage;
				sizes.push(page.groupMemberships.size());
				for (const membership of page.groupMemberships) users.add(membership.user);
				token = page.nextPageToken;
			} while (token !== undefined);
			expect(sizes.join(",")).to.equal("10,10,5");
			expect(users.size()).to.equal(25);
		});

		it("caps maxPageSize at 100", () => {
			const big = Harness.emulator.createWorld({ members: crowd(110) });
			const first = list(big, { maxPageSize: 500 }).json as MembershipPage;
			expect(first.groupMemberships.size()).to.equal(100);
			const second = list(big, { maxPageSize: 500, pageToken: first.nextPageToken! }).json as MembershipPage;
			expect(second.groupMemberships.size()).to.equal(12);
			expect(second.nextPageToken).to.equal(undefined);
		});

		it("refuses a page token used with a different filter", () => {
			const big = Harness.emulator.createWorld({ members: crowd(23) });
			const recruit = big.group.roleByRank(1)!;
			const first = list(big, { maxPageSize: 5 }).json as MembershipPage;
			const response = list(big, {
				maxPageSize: 5,
				pageToken: first.nextPageToken!,
				filter: `role == 'groups/${big.group.id}/roles/${recruit.id}'`,
			});
			expect(response.status).to.equal(400);
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
		});
	});

	describe("filter", () => {
		it("selects one user with user == 'users/{id}'", () => {
			const alice = world.members[0];
			const page = list(world, { filter: `user == 'users/${alice.id}'` }).json as MembershipPage;
			expect(page.groupMemberships.size()).to.equal(1);
			expect(page.groupMemberships[0].user).to.equal(`users/${alice.id}`);
		});

		it("answers an empty list for a user who is not a member", () => {
			const page = list(world, { filter: "user == 'users/424242'" }).json as MembershipPage;
			expect(page.groupMemberships.size()).to.equal(0);
		});

		it("selects a role's holders with role == 'groups/{g}/roles/{r}'", () => {
			const big = Harness.emulator.createWorld({ members: crowd(9) });
			const privatePath = `groups/${big.group.id}/roles/${big.group.roleByRank(10)!.id}`;
			const page = list(big, { filter: `role == '${privatePath}'` }).json as MembershipPage;
			expect(page.groupMemberships.size()).to.equal(3);
			for (const membership of page.groupMemberships) expect(membership.roles.includes(privatePath)).to.equal(true);
		});

		it("refuses a role of another group", () => {
			const other = Harness.emulator.createWorld({});
			const response = list(world, { filter: `role == 'groups/${other.group.id}/roles/${other.group.roleByRank(1)!.id}'` });
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
		});

		it("refuses expressions outside the documented subset", () => {
			const response = list(world, { filter: "user != 'users/1'" });
			expect(response.status).to.equal(400);
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
		});

		it("refuses `user in [...]` with a concrete group id", () => {
			const alice = world.members[0];
			expect(errorCode(list(world, { filter: `user in ['users/${alice.id}']` }))).to.equal("INVALID_ARGUMENT");
		});
	});

	describe("wildcard group groups/-", () => {
		it("lists the given users' memberships across groups with user in [...]", () => {
			const other = Harness.emulator.createWorld({});
			const alice = world.members[0];
			Harness.emulator.roblox.addMember(other.group, alice.id, other.group.roleByRank(20)!, Harness.emulator.now());
			const response = list("-", { filter: `user in ['users/${alice.id}', 'users/${other.bot.id}']` });
			expect(response.status).to.equal(200);
			const paths = (response.json as MembershipPage).groupMemberships.map((membership) => `${membership.user} ${membership.path}`);
			expect(paths.size()).to.equal(3);
			const mentions = (user: number, group: number) =>
				paths.filter((line) => line.find(`users/${user} groups/${group}/`, 1, true)[0] !== undefined).size();
			expect(mentions(alice.id, world.group.id)).to.equal(1);
			expect(mentions(alice.id, other.group.id)).to.equal(1);
			expect(mentions(other.bot.id, other.group.id)).to.equal(1);
		});

		it("refuses groups/- without a user filter", () => {
			const response = list("-");
			expect(response.status).to.equal(400);
			expect(errorCode(response)).to.equal("INVALID_ARGUMENT");
		});

		it("refuses more than 50 users", () => {
			const ids = new Array<string>();
			for (let i = 1; i <= 51; i++) ids.push(`'users/${i}'`);
			expect(errorCode(list("-", { filter: `user in [${ids.join(", ")}]` }))).to.equal("INVALID_ARGUMENT");
			ids.pop();
			expect(list("-", { filter: `user in [${ids.join(", ")}]` }).status).to.equal(200);
		});
	});
};
