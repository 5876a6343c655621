// A workspace summarised for GET /__emulator/state and a standalone emulator's banner.
import { JsonValue, NULL } from "../json";
import { RateLimit } from "./limits";
import { SESSION_STATUSES } from "./types";
import { RankGunWorkspace } from "./workspace";

export function describeWorkspace(workspace: RankGunWorkspace, now: number, serviceLimit: RateLimit): JsonValue {
	workspace.usage.refresh(now);
	const sessionsByStatus: Record<string, number> = {};
	for (const status of SESSION_STATUSES) {
		sessionsByStatus[status] = workspace.sessions.filter((session) => session.status === status).size();
	}
	const limit = workspace.rateLimit(serviceLimit);
	return {
		id: workspace.id,
		name: workspace.name,
		key: workspace.key,
		groupId: workspace.group.id,
		tier: workspace.tier,
		isActive: workspace.isActive,
		deleted: workspace.deleted,
		maxRank: workspace.maxRank ?? NULL,
		usage: {
			ranksThisMonth: workspace.usage.ranksThisMonth,
			ranksToday: workspace.usage.ranksToday,
			maxRanksPerMonth: workspace.monthlyQuota(),
			usageResetAt: workspace.usage.usageResetAt,
		},
		rateLimit: {
			requestsPerWindow: limit.requestsPerWindow,
			windowSeconds: limit.windowSeconds,
			inWindow: workspace.limiter.count(now, limit.windowSeconds),
		},
		staff: workspace.staff.size(),
		sessionTypes: workspace.sessionTypes.map((sessionType) => sessionType.name),
		sessionRoles: workspace.sessionRoles.map((role) => role.name),
		sessions: sessionsByStatus,
		activityRecords: workspace.activity.size(),
		centreRanks: workspace.centreRanks.size(),
		forms: workspace.forms.size(),
		rankActions: workspace.rankLog.size(),
	};
}
