// Group, GroupRole and GroupMembership as groups v2 writes them
// (https://github.com/Roblox/creator-docs/blob/b0bf2f155772/content/en-us/reference/cloud/openapi.json).
import { JsonValue } from "../json";
import { Group, GroupMember, GroupRole } from "../roblox";

/** RFC 3339 in UTC, e.g. "2023-07-05T12:34:56.789Z". */
export function rfc3339(unixSeconds: number): string {
	return DateTime.fromUnixTimestampMillis(math.floor(unixSeconds * 1000)).ToIsoDate();
}

export function rolePath(group: Group, role: GroupRole): string {
	return `groups/${group.id}/roles/${role.id}`;
}

/** `groups/{group_id}/roles/{role_id}` split into numbers, or undefined if it is not one. */
export function parseRolePath(path: string): { groupId: number; roleId: number } | undefined {
	const [groupId, roleId] = path.match("^groups/(%d+)/roles/(%d+)$");
	if (groupId === undefined || roleId === undefined) return undefined;
	return { groupId: tonumber(groupId)!, roleId: tonumber(roleId)! };
}

/** The group by the id in a path, if it is a number naming a group. */
export function groupById(groups: ReadonlyMap<number, Group>, id: string): Group | undefined {
	return id.match("^%d+$")[0] !== undefined ? groups.get(tonumber(id)!) : undefined;
}

/** A member by membership id or, as the docs allow, by user id. */
export function memberById(group: Group, id: string): GroupMember | undefined {
	for (const [, member] of group.members) if (member.membershipId === id) return member;
	return id.match("^%d+$")[0] !== undefined ? group.members.get(tonumber(id)!) : undefined;
}

export function groupResource(group: Group): JsonValue {
	const created = rfc3339(group.createTime);
	return {
		path: `groups/${group.id}`,
		createTime: created,
		updateTime: created,
		id: tostring(group.id),
		displayName: group.name,
		description: group.description,
		owner: group.ownerId > 0 ? `users/${group.ownerId}` : undefined,
		memberCount: group.members.size(),
		publicEntryAllowed: true,
		locked: false,
		verified: false,
	};
}

function holders(group: Group, role: GroupRole): number {
	let count = 0;
	for (const [, member] of group.members) if (member.roleIds.includes(role.id)) count += 1;
	return count;
}

/** The documented permission flags (GroupRole_RolePermissions), all of them. */
const PERMISSIONS = [
	"viewWallPosts",
	"createWallPosts",
	"deleteWallPosts",
	"viewGroupShout",
	"createGroupShout",
	"changeRank",
	"acceptRequests",
	"exileMembers",
	"manageRelationships",
	"viewAuditLog",
	"spendGroupFunds",
	"advertiseGroup",
	"createAvatarItems",
	"manageAvatarItems",
	"manageGroupUniverses",
	"viewUniverseAnalytics",
	"createApiKeys",
	"manageApiKeys",
	"banMembers",
	"viewForums",
	"manageCategories",
	"createPosts",
	"lockPosts",
	"pinPosts",
	"removePosts",
	"createComments",
	"removeComments",
	"manageBlockedWords",
	"viewBlockedWords",
	"bypassSlowMode",
];
/** What a guest and an ordinary member may do; ranks from MANAGER_RANK up may do everything. */
const GUEST_PERMISSIONS = new ReadonlySet(["viewWallPosts", "viewGroupShout", "viewForums"]);
const MEMBER_PERMISSIONS = new ReadonlySet(["viewWallPosts", "createWallPosts", "viewGroupShout", "viewForums", "createPosts", "createComments"]);
const MANAGER_RANK = 200;

function permissions(role: GroupRole): JsonValue {
	const flags: Record<string, boolean> = {};
	for (const name of PERMISSIONS) {
		flags[name] = role.rank === 0 ? GUEST_PERMISSIONS.has(name) : role.rank >= MANAGER_RANK || MEMBER_PERMISSIONS.has(name);
	}
	return flags;
}

/** Who reads a role: the key's owner, and whether the key may read (group:read). */
export interface RoleViewer {
	readonly userId: number;
	readonly canRead: boolean;
}

/**
 * A role as the key's owner may see it, per the GroupRole schema: description, createTime and
 * updateTime only for the group's owner; memberCount never for the guest role; permissions for
 * the guest role to anyone, and with the read scope, every role to the owner and a member's own
 * roles to that member.
 */
export function roleResource(group: Group, role: GroupRole, viewer: RoleViewer): JsonValue {
	const owner = viewer.userId === group.ownerId;
	const held = group.members.get(viewer.userId)?.roleIds.includes(role.id) ?? false;
	const seesPermissions = role.rank === 0 || (viewer.canRead && (owner || held));
	return {
		path: rolePath(group, role),
		createTime: owner ? rfc3339(role.createTime ?? group.createTime) : undefined,
		updateTime: owner ? rfc3339(role.updateTime ?? role.createTime ?? group.createTime) : undefined,
		id: tostring(role.id),
		displayName: role.name,
		description: owner ? role.description : undefined,
		rank: role.rank,
		memberCount: role.rank === 0 ? undefined : holders(group, role),
		permissions: seesPermissions ? permissions(role) : undefined,
	};
}

/** `role` is the highest-ranked role; `roles` all of them, from highest rank down. */
export function membershipResource(group: Group, member: GroupMember): JsonValue {
	const roles = new Array<GroupRole>();
	for (const roleId of member.roleIds) {
		const role = group.roleById(roleId);
		if (role) roles.push(role);
	}
	roles.sort((a, b) => a.rank > b.rank);
	return {
		path: `groups/${group.id}/memberships/${member.membershipId}`,
		createTime: rfc3339(member.createTime),
		updateTime: rfc3339(member.updateTime),
		user: `users/${member.userId}`,
		role: roles[0] ? rolePath(group, roles[0]) : undefined,
		roles: roles.map((role) => rolePath(group, role)),
	};
}
