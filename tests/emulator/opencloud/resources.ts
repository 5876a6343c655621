// Group, GroupRole and GroupMembership as groups v2 writes them (api-facts §3.3).
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

/** The model keeps no group creation time: its first membership (the owner's) stands for it. */
function groupCreateTime(group: Group): number {
	let earliest: number | undefined;
	for (const [, member] of group.members) if (earliest === undefined || member.createTime < earliest) earliest = member.createTime;
	return earliest ?? 0;
}

export function groupResource(group: Group): JsonValue {
	const created = rfc3339(groupCreateTime(group));
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

/**
 * A role as `viewerId` (the key's owner) may see it: the description only for the group's
 * owner, memberCount never for the guest role. `permissions` is not emulated.
 */
export function roleResource(group: Group, role: GroupRole, viewerId: number): JsonValue {
	return {
		path: rolePath(group, role),
		id: tostring(role.id),
		displayName: role.name,
		description: viewerId === group.ownerId ? role.description : undefined,
		rank: role.rank,
		memberCount: role.rank === 0 ? undefined : holders(group, role),
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
