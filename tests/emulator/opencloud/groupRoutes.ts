// GetGroup, ListGroupRoles (maxPageSize default 10, max 20) and GetGroupRole.
import { jsonResponse } from "../http";
import { Group } from "../roblox";
import { CloudCall, resolveGroup } from "./call";
import { cloudError } from "./errors";
import { PageTokens, readPageSize, slice } from "./paging";
import { groupResource, roleResource } from "./resources";

export function getGroup(call: CloudCall) {
	const group = resolveGroup(call, call.params.group);
	if (!(group instanceof Group)) return group;
	return jsonResponse(200, groupResource(group));
}

export function listGroupRoles(call: CloudCall, pages: PageTokens) {
	const group = resolveGroup(call, call.params.group);
	if (!(group instanceof Group)) return group;
	const size = readPageSize(call.request.query.maxPageSize, 10, 20);
	if (size === undefined) return cloudError("INVALID_ARGUMENT", "maxPageSize must be a whole number between 1 and 20");
	const signature = `roles|${group.id}|${call.request.query.maxPageSize ?? ""}`;
	const start = pages.start(call.request.query.pageToken, signature);
	if (start === "unknown") return cloudError("INVALID_ARGUMENT", "Invalid page token");
	if (start === "mismatch") return cloudError("INVALID_ARGUMENT", "The page token was issued for a call with other parameters");
	const { page, more } = slice(group.ladder(), start.offset, size);
	return jsonResponse(200, {
		groupRoles: page.map((role) => roleResource(group, role, { userId: call.key.owner.id, canRead: call.key.hasScope("group:read") })),
		nextPageToken: more ? pages.issue(signature, start.offset + size) : undefined,
	});
}

export function getGroupRole(call: CloudCall) {
	const group = resolveGroup(call, call.params.group);
	if (!(group instanceof Group)) return group;
	const id = call.params.role;
	const role = id.match("^%d+$")[0] !== undefined ? group.roleById(tonumber(id)!) : undefined;
	if (!role) return cloudError("NOT_FOUND", `Role ${id} not found in group ${group.id}`);
	return jsonResponse(200, roleResource(group, role, { userId: call.key.owner.id, canRead: call.key.hasScope("group:read") }));
}
