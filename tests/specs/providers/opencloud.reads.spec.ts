// Open Cloud's own reads through `bridge.openCloud`: the group, its roles (every page), one
// role, a member's membership and roles, and pages of memberships by rank.
import RankBridge from "../../../src";
import { member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { hyraWorld, openCloudWorld } from "../helpers/providerBridges";
import { contains, rejection } from "../helpers/rejection";

const ERRORS = RankBridge.ErrorKind;

/** A ladder of `count` roles besides Guest and Owner (ranks 1..count), for paging. */
function longLadder(count: number) {
	const ladder = [{ name: "Guest", rank: 0 }];
	for (let rank = 1; rank <= count; rank++) ladder.push({ name: `Rank ${rank}`, rank });
	ladder.push({ name: "Owner", rank: 255 });
	return ladder;
}

export = () => {
	it("group() reads the group", () => {
		const { world, bridge } = openCloudWorld();
		const group = bridge().openCloud.group().expect();
		expect(group.id).to.equal(tostring(world.group.id));
		expect(group.path).to.equal(`groups/${world.group.id}`);
		expect(group.displayName).to.equal(world.group.name);
		expect(group.owner).to.equal(`users/${world.owner.id}`);
		expect(group.memberCount).to.equal(world.group.members.size());
	});

	it("roles() lists every role across pages, lowest rank first", () => {
		const { world, bridge } = openCloudWorld({ ladder: longLadder(30), members: [{ name: "Member1", rank: 3 }] });
		const roles = bridge().openCloud.roles().expect();
		expect(roles.size()).to.equal(32);
		expect(roles[0].rank).to.equal(0);
		expect(roles[1].displayName).to.equal("Rank 1");
		expect(roles[31].rank).to.equal(255);
		const third = world.group.roleByRank(3)!;
		const listed = roles.find((role) => role.rank === 3)!;
		expect(listed.id).to.equal(tostring(third.id));
		expect(listed.path).to.equal(`groups/${world.group.id}/roles/${third.id}`);
		expect(listed.memberCount).to.equal(1);
	});

	it("ranks along a ladder longer than one page of roles", () => {
		const { world, bridge } = openCloudWorld({ ladder: longLadder(30), members: [{ name: "Member1", rank: 25 }] });
		const member1 = member(world, "Member1").id;
		expect(bridge().promote(member1).expect().newRank).to.equal(26);
		expect(world.group.rankOf(member1)).to.equal(26);
	});

	it("role() reads one role by id; an unknown id is NotFound", () => {
		const { world, bridge } = openCloudWorld();
		const cloud = bridge().openCloud;
		const officer = world.group.roleByRank(100)!;
		const role = cloud.role(officer.id).expect();
		expect(role.rank).to.equal(100);
		expect(role.displayName).to.equal("Officer");
		expect(cloud.role(tostring(officer.id)).expect().rank).to.equal(100);
		expect(rejection(cloud.role(999999999)).kind).to.equal(ERRORS.NotFound);
		expect(rejection(cloud.role("officer")).kind).to.equal(ERRORS.InvalidRequest);
	});

	it("membership() and memberRoles() read a member fresh; nil and empty for a non-member", () => {
		const { world, bridge } = openCloudWorld();
		const cloud = bridge().openCloud;
		const privateId = member(world, "Private1").id;
		world.group.members.get(privateId)!.roleIds.push(world.group.roleByRank(1)!.id);
		const membership = cloud.membership(privateId).expect()!;
		expect(membership.userId).to.equal(privateId);
		expect(membership.user).to.equal(`users/${privateId}`);
		expect(membership.roles.size()).to.equal(2);
		expect(membership.role).to.equal(`groups/${world.group.id}/roles/${world.group.roleByRank(10)!.id}`);
		const roles = cloud.memberRoles(privateId).expect();
		expect(roles.size()).to.equal(2);
		expect(roles[0].rank).to.equal(10);
		expect(roles[1].rank).to.equal(1);
		const outsider = Harness.emulator.roblox.createUser("Outsider").id;
		expect(cloud.membership(outsider).expect()).to.equal(undefined);
		expect(cloud.memberRoles(outsider).expect().size()).to.equal(0);
	});

	it("memberships() pages the group's members, optionally only those holding a rank", () => {
		const { world, bridge } = openCloudWorld({
			members: [
				{ name: "A", rank: 10 },
				{ name: "B", rank: 10 },
				{ name: "C", rank: 10 },
				{ name: "D", rank: 20 },
			],
		});
		const cloud = bridge().openCloud;
		const first = cloud.memberships({ rank: 10, maxPageSize: 2 }).expect();
		expect(first.memberships.size()).to.equal(2);
		expect(first.nextPageToken).to.be.ok();
		const second = cloud.memberships({ rank: 10, maxPageSize: 2, pageToken: first.nextPageToken }).expect();
		expect(second.memberships.size()).to.equal(1);
		expect(second.nextPageToken).to.equal(undefined);
		const ids = [...first.memberships, ...second.memberships].map((membership) => membership.userId);
		for (const name of ["A", "B", "C"]) expect(ids.includes(member(world, name).id)).to.equal(true);
		const everyone = cloud.memberships({ maxPageSize: 100 }).expect();
		expect(everyone.memberships.size()).to.equal(world.group.members.size());
		expect(rejection(cloud.memberships({ rank: 15 })).kind).to.equal(ERRORS.RankOutOfRange);
		// Roblox sets page sizes above 100 to 100; so does RankBridge, rather than refusing them.
		const mark = Harness.httpLog().size();
		expect(cloud.memberships({ maxPageSize: 500 }).expect().memberships.size()).to.equal(world.group.members.size());
		expect(Harness.httpLog()[mark].Url.find("maxPageSize=100", 1, true)[0]).to.be.ok();
		expect(rejection(cloud.memberships({ maxPageSize: 0 })).kind).to.equal(ERRORS.InvalidRequest);
	});

	it("bridge.openCloud calls reject with Unsupported on other providers, naming the provider", () => {
		const { world, bridge } = hyraWorld();
		const hyra = bridge();
		for (const call of [hyra.openCloud.group(), hyra.openCloud.roles(), hyra.openCloud.memberRoles(member(world, "Private1").id)]) {
			const failure = rejection(call);
			expect(failure.kind).to.equal(ERRORS.Unsupported);
			expect(contains(failure.message, "Hyra")).to.equal(true);
		}
	});
};
