// POST /token, PUT /spin, DELETE /token/{token}, GET /token/{token}.
import { jsonResponse, Router } from "../http";
import { firestoreTimestamp } from "./clock";
import type { HyraService } from "./index";
import { nonEmptyString, positiveInteger, readHyraBody, tokenFailure } from "./replies";

export function addTokenRoutes(router: Router, service: HyraService) {
	router.add("POST", "/token", ({ request }) => {
		const body = readHyraBody(request);
		if (typeIs(body, "string")) return tokenFailure(400, body);
		const cookie = nonEmptyString(body.cookie);
		if (cookie === undefined || body.groupId === undefined) return tokenFailure(400, "cookie and groupId are required");
		const groupId = positiveInteger(body.groupId);
		if (groupId === undefined) return tokenFailure(400, "groupId must be a group id");
		const account = service.accounts.get(cookie);
		if (!account) return tokenFailure(401, "Invalid cookie");
		const group = service.context.roblox.groups.get(groupId);
		if (!group) return tokenFailure(404, "Group not found");
		// Not documented: a token is only issued for a group the cookie's account is in.
		if (group.rankOf(account.user.id) === 0) return tokenFailure(403, "The account is not a member of this group");
		const record = service.issueToken(group, account, {});
		return jsonResponse(200, { success: true, token: record.token, username: account.user.name, id: account.user.id });
	});

	router.add("PUT", "/spin", ({ request }) => {
		const body = readHyraBody(request);
		if (typeIs(body, "string")) return tokenFailure(400, body);
		const value = nonEmptyString(body.token);
		if (value === undefined) return tokenFailure(400, "token is required");
		const record = service.findToken(value);
		if (!record) return tokenFailure(401, "Invalid token");
		service.spin(record);
		return jsonResponse(200, { success: true, token: record.token });
	});

	router.add("DELETE", "/token/:token", ({ params }) => {
		const record = service.findToken(params.token);
		if (!record) return tokenFailure(401, "Invalid token");
		service.remove(record);
		return jsonResponse(200, { success: true });
	});

	router.add("GET", "/token/:token", ({ params }) => {
		const record = service.findToken(params.token);
		if (!record) return tokenFailure(401, "Invalid token");
		return jsonResponse(200, {
			success: true,
			created: firestoreTimestamp(record.created),
			groupId: record.group.id,
			paid: record.paid,
			// Not documented: `usage` is read as today's count against the daily quota.
			usage: record.usage(),
		});
	});
}
