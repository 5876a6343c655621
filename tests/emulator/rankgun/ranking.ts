// Promote, demote and set-rank on the workspace's group, shared by the current routes
// (/api/roblox/*) and the V3 ones (/roblox/*). The change lands on the Roblox group itself, so
// Open Cloud and Hyra see it too.
import { EmulatorContext } from "../context";
import { GroupRole, RobloxUser } from "../roblox";
import { failure, Failure, isFailure } from "./responses";
import { RankActionKind } from "./types";
import { isPositiveInteger } from "./validate";
import { RankGunWorkspace } from "./workspace";

export interface RankRequest {
	readonly kind: RankActionKind;
	readonly via: "api" | "legacy";
	readonly userId: unknown;
	/** setrank only: the target rank number. */
	readonly rank?: unknown;
	readonly reason?: string;
}

export interface RankResult {
	readonly user: RobloxUser;
	readonly oldRank: number;
	readonly newRank: number;
	readonly role: GroupRole;
}

/**
 * Roles the bot may hand out: above Guest, below the bot's own rank, never Owner (Roblox
 * refuses to assign Guest or Owner, and an account can only manage ranks below its own).
 */
function assignable(workspace: RankGunWorkspace): Array<GroupRole> {
	const botRank = workspace.group.rankOf(workspace.bot.id);
	return workspace.group.ladder().filter((role) => role.rank > 0 && role.rank < 255 && role.rank < botRank);
}

/** The body's field names, which the V3 routes spelled differently. */
function fields(request: RankRequest) {
	return request.via === "api" ? { user: "userId", rank: "rankId" } : { user: "user_id", rank: "rank" };
}

function invalidRank(request: RankRequest): Failure {
	return failure(400, "INVALID_RANK", `${fields(request).rank} must be a group rank number from 1 to 255.`);
}

function target(workspace: RankGunWorkspace, request: RankRequest, oldRank: number): GroupRole | Failure {
	const roles = assignable(workspace);
	if (request.kind === "promote") {
		return (
			roles.find((role) => role.rank > oldRank) ??
			failure(400, "ALREADY_HIGHEST_RANK", "The user is already at the highest rank this workspace can assign.")
		);
	}
	if (request.kind === "demote") {
		const below = roles.filter((role) => role.rank < oldRank);
		return below.size() > 0 ? below[below.size() - 1] : failure(400, "ALREADY_LOWEST_RANK", "The user is already at the lowest rank.");
	}
	const rank = request.rank;
	if (!isPositiveInteger(rank) || rank > 255) return invalidRank(request);
	const role = workspace.group.roleByRank(rank);
	if (!role) return failure(400, "RANK_DOES_NOT_EXIST", `The group has no role with rank ${rank}.`);
	if (!roles.includes(role)) {
		return failure(
			400,
			"RANK_NOT_ASSIGNABLE",
			`Rank ${rank} (${role.name}) cannot be assigned: only ranks above Guest and below the ranking account's own rank can.`,
		);
	}
	return role;
}

export function rankUser(context: EmulatorContext, workspace: RankGunWorkspace, request: RankRequest, now: number): RankResult | Failure {
	const overQuota = workspace.usage.check(now, workspace.monthlyQuota(), workspace.tier);
	if (overQuota) return overQuota;
	const userId = request.userId;
	if (!isPositiveInteger(userId)) return failure(400, "INVALID_USER_ID", `${fields(request).user} must be a positive Roblox user id.`);
	if (request.kind === "setrank" && (!isPositiveInteger(request.rank) || request.rank > 255)) return invalidRank(request);
	const group = workspace.group;
	const oldRank = group.rankOf(userId);
	if (oldRank === 0) return failure(400, "USER_NOT_IN_GROUP", `User ${userId} is not in the group.`);
	// Not in the docs' list of causes, but Roblox refuses it, so the service must answer somehow.
	if (oldRank >= group.rankOf(workspace.bot.id)) {
		return failure(400, "USER_NOT_MANAGEABLE", `User ${userId} is at or above the ranking account's rank and cannot be ranked.`);
	}
	const role = target(workspace, request, oldRank);
	if (isFailure(role)) return role;
	const newRank = role.rank;
	// The "Maximum Rank" setting blocks any action whose target is above it, but demoting someone
	// already above it stays allowed. The docs give no status or code: 403 because it is a
	// workspace policy refusal rather than a malformed request; the code names the setting.
	if (workspace.maxRank !== undefined && newRank > workspace.maxRank && newRank > oldRank) {
		return failure(403, "MAX_RANK_EXCEEDED", `Rank ${newRank} is above this workspace's Maximum Rank (${workspace.maxRank}).`);
	}
	// Setting the rank a user already has is not documented; Roblox treats it as a successful
	// no-op, so the emulator answers 200 with oldRank = newRank and counts it like any action.
	group.setOnlyRole(userId, role, math.floor(now));
	workspace.usage.record(now);
	workspace.rankLog.push({ kind: request.kind, via: request.via, userId, oldRank, newRank, reason: request.reason, at: math.floor(now) });
	return { user: context.roblox.user(userId), oldRank, newRank, role };
}
