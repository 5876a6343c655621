// UpdateGroupMembership (deprecated PATCH), AssignRoleGroupMembership, UnassignRoleGroupMembership.
// Rules from the docs: the key's owner must be able to manage lower-ranked members (here:
// outrank both the member and the role), Guest and Owner cannot be assigned, nobody changes
// their own roles. The model has no role permissions, so any role may rank those below it.
import { EmulatorResponse, jsonResponse, readJsonObject } from "../http";
import { Group, GroupMember, GroupRole } from "../roblox";
import { CloudCall, resolveGroup } from "./call";
import { cloudError } from "./errors";
import { memberById, membershipResource, parseRolePath } from "./resources";

interface Change {
	readonly group: Group;
	readonly member: GroupMember;
	readonly role: GroupRole;
}

/** Applies a valid change; answers with a refusal, or undefined once done. */
type Apply = (change: Change, now: number) => EmulatorResponse | undefined;

function refusal(call: CloudCall, { group, member, role }: Change): EmulatorResponse | undefined {
	const actorId = call.key.owner.id;
	if (member.userId === actorId) return cloudError("PERMISSION_DENIED", "The API key's owner cannot change their own roles");
	if (role.rank === 0 || role.rank === 255) return cloudError("INVALID_ARGUMENT", "The Guest and Owner roles cannot be assigned");
	const actorRank = group.rankOf(actorId);
	if (actorRank <= group.rankOf(member.userId) || actorRank <= role.rank) {
		return cloudError("PERMISSION_DENIED", "The API key's owner must outrank both the member and the role");
	}
	return undefined;
}

function change(call: CloudCall, membershipId: string, apply: Apply): EmulatorResponse {
	const group = resolveGroup(call, call.params.group);
	if (!(group instanceof Group)) return group;
	const path = readJsonObject(call.request)?.role;
	if (!typeIs(path, "string")) return cloudError("INVALID_ARGUMENT", "role is required: groups/{group_id}/roles/{role_id}");
	const target = parseRolePath(path);
	if (!target) return cloudError("INVALID_ARGUMENT", `role "${path}" is not groups/{group_id}/roles/{role_id}`);
	if (target.groupId !== group.id) return cloudError("INVALID_ARGUMENT", "role belongs to another group");
	const member = memberById(group, membershipId);
	if (!member) return cloudError("NOT_FOUND", `Membership ${membershipId} not found in group ${group.id}`);
	const role = group.roleById(target.roleId);
	if (!role) return cloudError("NOT_FOUND", `Role ${target.roleId} not found in group ${group.id}`);
	const found = { group, member, role };
	const refused = refusal(call, found) ?? apply(found, call.now);
	return refused ?? jsonResponse(200, membershipResource(group, member));
}

/**
 * The deprecated PATCH predates members holding several roles and set "the" role: the
 * emulator makes the given role the member's only one (the docs do not say).
 */
export function updateMembership(call: CloudCall, membershipId: string): EmulatorResponse {
	return change(call, membershipId, ({ group, member, role }, now) => {
		const unchanged = member.roleIds.size() === 1 && member.roleIds[0] === role.id;
		if (!unchanged) group.setOnlyRole(member.userId, role, now);
		return undefined;
	});
}

/** Adds the role; holding it already changes nothing, as documented. */
export function assignRole(call: CloudCall, membershipId: string): EmulatorResponse {
	return change(call, membershipId, ({ member, role }, now) => {
		if (member.roleIds.includes(role.id)) return undefined;
		member.roleIds.push(role.id);
		member.updateTime = now;
		return undefined;
	});
}

/**
 * Removes the role; not holding it changes nothing, as documented. Not documented: removing a
 * member's last role is refused, since a member always holds one.
 */
export function unassignRole(call: CloudCall, membershipId: string): EmulatorResponse {
	return change(call, membershipId, ({ member, role }, now) => {
		const at = member.roleIds.indexOf(role.id);
		if (at === -1) return undefined;
		if (member.roleIds.size() === 1) return cloudError("INVALID_ARGUMENT", "A member must keep at least one role; assign another role first");
		member.roleIds.remove(at);
		member.updateTime = now;
		return undefined;
	});
}
