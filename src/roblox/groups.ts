import { GroupService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";
import { Future } from "../core/future";
import { engineCall } from "./engineCall";

/**
 * Reads group ranks. Used to turn a relative action (promote, demote) into an absolute one
 * when a send's outcome is unknown, and by providers that have no relative ranking.
 */
export interface GroupDirectory {
	/** The member's rank in the group, 0 if not a member; as fresh as the source allows. */
	rankOf(groupId: number, userId: number): Future<number>;
	/** Every rank number the group has, lowest first (Guest 0 and Owner 255 included). */
	ranks(groupId: number): Future<Array<number>>;
	/**
	 * The member's rank changed by now (to `rank` when known), or may have (`landed` false: a send
	 * whose answer was lost): later reads must show it. For a source that may answer from a cache
	 * (roblox/freshRanks.ts).
	 */
	changed?(userId: number, rank?: number, landed?: boolean): void;
}

/**
 * GroupService. GetGroupsAsync is used for ranks because, unlike Player:GetRankInGroup and
 * GetRolesInGroupAsync, it is not documented as cached for the session; ranks come from
 * GetGroupInfoAsync's role list.
 */
export class RobloxGroupDirectory implements GroupDirectory {
	rankOf(groupId: number, userId: number): Future<number> {
		return engineCall(
			() => {
				const membership = GroupService.GetGroupsAsync(userId).find((group) => group.Id === groupId);
				return membership ? membership.Rank : 0;
			},
			(raised) => new RankError(ErrorKind.Transient, `GroupService:GetGroupsAsync failed: ${raised}`),
		);
	}

	ranks(groupId: number): Future<Array<number>> {
		return engineCall(
			() => {
				const ranks = GroupService.GetGroupInfoAsync(groupId).Roles.map((role) => role.Rank);
				ranks.sort((a, b) => a < b);
				return ranks;
			},
			(raised) => new RankError(ErrorKind.Transient, `GroupService:GetGroupInfoAsync failed: ${raised}`),
		);
	}
}
