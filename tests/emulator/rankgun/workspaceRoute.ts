// GET /api/workspace: the workspace, its rank-action usage and its plan's limits.
import { NULL } from "../json";
import { ok } from "./responses";
import { RouteTable } from "./routes";
import { Tier } from "./types";

// The staff guide quotes Elite's 20 admins, 200 managers and 5,000 tracked players; Free's
// figures are not published, so these are placeholders (activity tracking is Elite-only: 0).
const STAFF_LIMITS: Record<Tier, { maxAdmins: number; maxManagers: number; maxTrackedPlayers: number }> = {
	free: { maxAdmins: 3, maxManagers: 10, maxTrackedPlayers: 0 },
	elite: { maxAdmins: 20, maxManagers: 200, maxTrackedPlayers: 5000 },
};

export function addWorkspaceRoute(routes: RouteTable) {
	routes.api("GET", "/api/workspace", ({ workspace, now, behaviours }) => {
		workspace.usage.refresh(now);
		const group = workspace.group;
		const staffLimits = STAFF_LIMITS[workspace.tier];
		const omit = behaviours.omitWorkspaceFields;
		return ok({
			success: true,
			workspace: {
				id: workspace.id,
				name: workspace.name,
				slug: workspace.slug,
				groupId: omit ? undefined : group.id,
				groupName: group.name,
				groupIconUrl: `https://tr.rbxcdn.com/emulator/group-${group.id}/150/150/Image/Png`,
				tier: workspace.tier,
				isActive: workspace.isActive,
				createdAt: workspace.createdAt,
			},
			usage: {
				ranksThisMonth: omit ? undefined : workspace.usage.ranksThisMonth,
				ranksToday: workspace.usage.ranksToday,
				// Documented as a number; a workspace that never ranked anyone has no such time.
				lastRankAt: workspace.usage.lastRankAt ?? NULL,
				usageResetAt: omit ? undefined : workspace.usage.usageResetAt,
			},
			limits: {
				maxRanksPerMonth: omit ? undefined : workspace.monthlyQuota(),
				maxAdmins: staffLimits.maxAdmins,
				maxManagers: staffLimits.maxManagers,
				maxTrackedPlayers: staffLimits.maxTrackedPlayers,
			},
		});
	});
}
