// POST /api/roblox/promote | demote | setrank.
import { isFailure, ok } from "./responses";
import { rankUser } from "./ranking";
import { Call, RouteTable } from "./routes";
import { RankActionKind } from "./types";
import { optionalString, readBody } from "./validate";

function handle(kind: RankActionKind) {
	return ({ workspace, request, now, context, behaviours }: Call) => {
		const body = readBody(request);
		if (isFailure(body)) return body;
		const reason = optionalString(body, "reason");
		if (isFailure(reason)) return reason;
		const result = rankUser(context, workspace, { kind, via: "api", userId: body.userId, rank: body.rankId, reason }, now);
		if (isFailure(result)) return result;
		if (behaviours.omitRankFields) return ok({ success: true });
		return ok({ success: true, oldRank: result.oldRank, newRank: result.newRank, username: result.user.name });
	};
}

export function addRankRoutes(routes: RouteTable) {
	routes.api("POST", "/api/roblox/promote", handle("promote"));
	routes.api("POST", "/api/roblox/demote", handle("demote"));
	routes.api("POST", "/api/roblox/setrank", handle("setrank"));
}
