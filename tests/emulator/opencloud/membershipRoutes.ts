// ListGroupMemberships: maxPageSize default 10, max 100; a filter; `groups/-` for any group.
import { jsonResponse } from "../http";
import { Group, GroupMember } from "../roblox";
import { CloudCall, resolveGroup } from "./call";
import { cloudError } from "./errors";
import { MembershipFilter, parseMembershipFilter } from "./filter";
import { PageTokens, readPageSize, slice } from "./paging";
import { membershipResource } from "./resources";

const MAX_WILDCARD_USERS = 50;

interface Row {
	readonly group: Group;
	readonly member: GroupMember;
}

function byUserId(group: Group): Array<GroupMember> {
	const members = new Array<GroupMember>();
	for (const [, member] of group.members) members.push(member);
	members.sort((a, b) => a.userId < b.userId);
	return members;
}

/** Every membership of the listed users, user by user, groups by id. */
function acrossGroups(call: CloudCall, userIds: ReadonlyArray<number>): Array<Row> {
	const groups = new Array<Group>();
	for (const [, group] of call.roblox.groups) groups.push(group);
	groups.sort((a, b) => a.id < b.id);
	const rows = new Array<Row>();
	for (const userId of userIds) {
		for (const group of groups) {
			const member = group.members.get(userId);
			if (member) rows.push({ group, member });
		}
	}
	return rows;
}

/**
 * One group's memberships matching the filter, or why the filter is refused. A role filter
 * matches whoever holds the role among their roles, not only as their highest one (not
 * documented; `roles` is the complete set).
 */
function inGroup(group: Group, filter: MembershipFilter | undefined): Array<Row> | string {
	if (filter?.kind === "users") return "filter: user in [...] is only for groups/-; filter one group by user == or role ==";
	if (filter?.kind === "role" && filter.groupId !== group.id) return "filter: the role belongs to another group";
	const rows = new Array<Row>();
	for (const member of byUserId(group)) {
		if (filter?.kind === "user" && member.userId !== filter.userId) continue;
		if (filter?.kind === "role" && !member.roleIds.includes(filter.roleId)) continue;
		rows.push({ group, member });
	}
	return rows;
}

export function listGroupMemberships(call: CloudCall, pages: PageTokens) {
	const query = call.request.query;
	const size = readPageSize(query.maxPageSize, 10, 100);
	if (size === undefined) return cloudError("INVALID_ARGUMENT", "maxPageSize must be a whole number between 1 and 100");
	let filter: MembershipFilter | undefined;
	if (query.filter !== undefined && query.filter !== "") {
		const parsed = parseMembershipFilter(query.filter);
		if (typeIs(parsed, "string")) return cloudError("INVALID_ARGUMENT", parsed);
		filter = parsed;
	}
	let rows: Array<Row>;
	if (call.params.group === "-") {
		if (filter?.kind !== "users") return cloudError("INVALID_ARGUMENT", "groups/- must be filtered by user in ['users/{id}', ...]");
		if (filter.userIds.size() > MAX_WILDCARD_USERS) return cloudError("INVALID_ARGUMENT", `filter: at most ${MAX_WILDCARD_USERS} users`);
		rows = acrossGroups(call, filter.userIds);
	} else {
		const group = resolveGroup(call, call.params.group);
		if (!(group instanceof Group)) return group;
		const matched = inGroup(group, filter);
		if (typeIs(matched, "string")) return cloudError("INVALID_ARGUMENT", matched);
		rows = matched;
	}
	const signature = `memberships|${call.params.group}|${query.filter ?? ""}|${query.maxPageSize ?? ""}`;
	const start = pages.start(query.pageToken, signature);
	if (start === "unknown") return cloudError("INVALID_ARGUMENT", "Invalid page token");
	if (start === "mismatch") return cloudError("INVALID_ARGUMENT", "The page token was issued for a call with other parameters");
	const { page, more } = slice(rows, start.offset, size);
	return jsonResponse(200, {
		groupMemberships: page.map((row) => membershipResource(row.group, row.member)),
		nextPageToken: more ? pages.issue(signature, start.offset + size) : undefined,
	});
}
