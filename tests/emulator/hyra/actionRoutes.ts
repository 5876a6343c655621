// POST /rank and POST /message: the two calls that spend the daily quota.
import { jsonResponse, Router } from "../http";
import { DAILY_LIMIT, HyraToken } from "./token";
import type { HyraService } from "./index";
import { actionFailure, nonEmptyString, positiveInteger, readHyraBody } from "./replies";

/** Hyra ranks to 1-253 only: 0 (Guest), 254 and 255 are out of reach of any bot. */
const MAX_RANK_NUMBER = 253;

function quotaSpent(record: HyraToken) {
	return record.usage() >= DAILY_LIMIT ? actionFailure(429, "Daily limit of 500 requests reached; it resets at 05:00 UTC") : undefined;
}

export function addActionRoutes(router: Router, service: HyraService) {
	router.add("POST", "/rank", ({ request, now }) => {
		const body = readHyraBody(request);
		if (typeIs(body, "string")) return actionFailure(400, body);
		const value = nonEmptyString(body.token);
		if (value === undefined || body.rankNumber === undefined || body.targetId === undefined || body.groupId === undefined) {
			return actionFailure(400, "token, rankNumber, targetId and groupId are required");
		}
		const record = service.findToken(value);
		if (!record) return actionFailure(401, "Invalid token");
		const rankNumber = positiveInteger(body.rankNumber);
		const targetId = positiveInteger(body.targetId);
		const groupId = positiveInteger(body.groupId);
		if (rankNumber === undefined || rankNumber > MAX_RANK_NUMBER) return actionFailure(400, "rankNumber must be between 1 and 253");
		if (targetId === undefined) return actionFailure(400, "targetId must be a user id");
		if (groupId === undefined) return actionFailure(400, "groupId must be a group id");
		const group = record.group;
		if (groupId !== group.id) return actionFailure(403, "This token is not for that group");
		const spent = quotaSpent(record);
		if (spent) return spent;
		const role = group.roleByRank(rankNumber);
		if (!role) return actionFailure(400, `The group has no role with rank ${rankNumber}`);
		if (!group.members.has(targetId)) return actionFailure(400, "The user is not in the group");
		const botRank = group.rankOf(record.bot().id);
		if (rankNumber >= botRank) return actionFailure(403, "The bot can only rank to roles below its own");
		if (group.rankOf(targetId) >= botRank) return actionFailure(403, "The bot can only rank users below its own rank");
		// A single-role service: the user ends up with exactly the requested role. Ranking a user
		// to the rank they already hold is treated as a success (not documented).
		group.setOnlyRole(targetId, role, now);
		record.spend();
		record.addLog({
			id: service.context.ids.hex(20),
			date: now,
			groupId: group.id,
			rankId: rankNumber,
			user: targetId,
			ray: `${service.context.ids.hex(16)}-ORD`,
			// The docs' only example says "Hyra Browser"; a call through this API is assumed
			// to log under its own type.
			type: "Hyra API",
			country: "US",
			ip: "127.0.0.1",
		});
		return jsonResponse(200, { Success: true, Message: "Successfully changed rank of user" });
	});

	router.add("POST", "/message", ({ request, now }) => {
		const body = readHyraBody(request);
		if (typeIs(body, "string")) return actionFailure(400, body);
		const value = nonEmptyString(body.token);
		const subject = nonEmptyString(body.subject);
		const message = nonEmptyString(body.message);
		if (value === undefined || subject === undefined || message === undefined || body.targetId === undefined) {
			return actionFailure(400, "token, subject, message and targetId are required");
		}
		const record = service.findToken(value);
		if (!record) return actionFailure(401, "Invalid token");
		const targetId = positiveInteger(body.targetId);
		if (targetId === undefined) return actionFailure(400, "targetId must be a user id");
		if (record.account.accountType !== "Hyra Cookie") {
			return actionFailure(403, "Messaging is only available to Hyra Cookie accounts, not Campfire Managed ones");
		}
		const spent = quotaSpent(record);
		if (spent) return spent;
		service.context.roblox.user(targetId);
		record.addMessage({ targetId, subject, message, date: now });
		record.spend();
		return jsonResponse(200, { Success: true, Message: "Successfully messaged user" });
	});
}
