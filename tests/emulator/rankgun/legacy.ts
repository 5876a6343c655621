// The deprecated V3 routes, which the docs say still work: POST /roblox/promote, /roblox/demote,
// /roblox/set-rank with `user_id` and `rank`. The migration table says `workspace_id` was dropped
// (the key implies the workspace), so it is optional and, whatever its type, not read. They
// answer with the raw Open Cloud GroupMembership the old service passed through (seen in
// RankGun's own V3 clients, not in the docs) and fail with the old envelope `{success:false,
// error}`. Same group, same quota.
import { isFailure, ok } from "./responses";
import { rankUser } from "./ranking";
import { Call, RouteTable } from "./routes";
import { RankActionKind } from "./types";
import { readBody } from "./validate";

function isoTime(seconds: number): string {
	return DateTime.fromUnixTimestamp(math.floor(seconds)).ToIsoDate();
}

function handle(kind: RankActionKind) {
	return ({ workspace, request, now, context }: Call) => {
		const body = readBody(request);
		if (isFailure(body)) return body;
		const result = rankUser(context, workspace, { kind, via: "legacy", userId: body.user_id, rank: body.rank }, now);
		if (isFailure(result)) return result;
		const group = workspace.group;
		const member = group.members.get(result.user.id)!;
		return ok({
			path: `groups/${group.id}/memberships/${member.membershipId}`,
			updateTime: isoTime(member.updateTime),
			user: `users/${result.user.id}`,
			role: `groups/${group.id}/roles/${result.role.id}`,
		});
	};
}

export function addLegacyRoutes(routes: RouteTable) {
	routes.legacy("POST", "/roblox/promote", handle("promote"));
	routes.legacy("POST", "/roblox/demote", handle("demote"));
	routes.legacy("POST", "/roblox/set-rank", handle("setrank"));
}
