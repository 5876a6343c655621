// Activity reads: one member's tracked time, and the leaderboard.
// Activity tracking is an Elite feature, but these pages document no 402, so a Free workspace
// answers like an Elite one with no records. Their 403 list also names "monthly limit
// exceeded"; only with the quotaBlocksActivity behaviour does a spent rank quota refuse them,
// since only the rank pages say a call counts against it.
import { NULL } from "../json";
import { failure, isFailure, ok } from "./responses";
import { Call, RouteTable } from "./routes";
import { ActivityRecord } from "./types";
import { parseUserIdText, queryLimit } from "./validate";

// Only "all" appears in the docs. "period" ranks by time in the current tracking period (the
// records' timeThisPeriod); other values are 400 as documented for an invalid period.
const PERIODS = ["all", "period"];
// The maximum is not documented; large limits are clamped like the session list's.
const LEADERBOARD_LIMIT = { default: 10, max: 100 };

function user({ workspace, params, context }: Call) {
	const robloxId = parseUserIdText(params.robloxId);
	if (robloxId === undefined) return failure(400, "INVALID_ROBLOX_ID", "robloxId must be a positive whole number.");
	const record = workspace.activity.get(robloxId);
	if (!record) return failure(404, "ACTIVITY_NOT_FOUND", `No activity recorded for user ${robloxId}.`);
	const robloxUser = context.roblox.user(robloxId);
	return ok({
		success: true,
		user: {
			robloxId,
			robloxUsername: robloxUser.name,
			displayName: robloxUser.displayName,
			totalTimeSeconds: record.totalTimeSeconds,
			timeThisPeriod: record.timeThisPeriod,
			streakDays: record.streakDays,
			isOnline: record.isOnline,
			lastPingAt: record.lastPingAt ?? NULL,
			currentSessionStart: record.currentSessionStart ?? NULL,
			periodStartAt: record.periodStartAt,
		},
	});
}

function leaderboard({ workspace, request, context }: Call) {
	const period = request.query.period ?? "all";
	if (!PERIODS.includes(period)) return failure(400, "INVALID_PERIOD", `period must be one of: ${PERIODS.join(", ")}.`);
	const limit = queryLimit(request.query.limit, LEADERBOARD_LIMIT.default, LEADERBOARD_LIMIT.max, true);
	if (isFailure(limit)) return limit;
	const timeOf = (record: ActivityRecord) => (period === "all" ? record.totalTimeSeconds : record.timeThisPeriod);
	const records = new Array<ActivityRecord>();
	for (const [, record] of workspace.activity) records.push(record);
	records.sort((a, b) => timeOf(a) > timeOf(b) || (timeOf(a) === timeOf(b) && a.robloxId < b.robloxId));
	const top = new Array<ActivityRecord>();
	for (const record of records) {
		if (top.size() >= limit) break;
		top.push(record);
	}
	return ok({
		success: true,
		period,
		limit,
		leaderboard: top.map((record, index) => {
			const robloxUser = context.roblox.user(record.robloxId);
			return {
				rank: index + 1,
				robloxId: record.robloxId,
				robloxUsername: robloxUser.name,
				displayName: robloxUser.displayName,
				timeSeconds: timeOf(record),
				isOnline: record.isOnline,
				streakDays: record.streakDays,
			};
		}),
	});
}

/** The route, refused once the month's rank actions are spent when the quotaBlocksActivity behaviour is on. */
function quotaBound(handler: (call: Call) => ReturnType<typeof user>) {
	return (call: Call) => {
		if (!call.behaviours.quotaBlocksActivity) return handler(call);
		const { workspace, now } = call;
		return workspace.usage.check(now, workspace.monthlyQuota(), workspace.tier) ?? handler(call);
	};
}

export function addActivityRoutes(routes: RouteTable) {
	routes.api("GET", "/api/activity/leaderboard", quotaBound(leaderboard));
	routes.api("GET", "/api/activity/users/:robloxId", quotaBound(user));
}
