import { GroupService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";

/**
 * Reads group ranks. Used to turn a relative action (promote, demote) into an absolute one
 * when a send's outcome is unknown, and by providers that have no relative ranking.
 */
export interface GroupDirectory {
	/** The member's rank in the group, 0 if not a member; as fresh as the source allows. */
	rankOf(groupId: number, userId: number): Promise<number>;
	/** Every rank number the group has, lowest first (Guest 0 and Owner 255 included). */
	ranks(groupId: number): Promise<Array<number>>;
}

/**
 * GroupService. GetGroupsAsync is used for ranks because, unlike Player:GetRankInGroup and
 * GetRolesInGroupAsync, it is not documented as cached for the session; ranks come from
 * GetGroupInfoAsync's role list.
 */
export class RobloxGroupDirectory implements GroupDirectory {
	rankOf(groupId: number, userId: number): Promise<number> {
		return new Promise<number>((resolve, reject) => {
			const [ok, groups] = pcall(() => GroupService.GetGroupsAsync(userId));
			if (!ok) return reject(new RankError(ErrorKind.Transient, `GroupService:GetGroupsAsync failed: ${groups}`));
			const membership = groups.find((group) => group.Id === groupId);
			resolve(membership ? membership.Rank : 0);
		});
	}

	ranks(groupId: number): Promise<Array<number>> {
		return new Promise<Array<number>>((resolve, reject) => {
			const [ok, info] = pcall(() => GroupService.GetGroupInfoAsync(groupId));
			if (!ok) return reject(new RankError(ErrorKind.Transient, `GroupService:GetGroupInfoAsync failed: ${info}`));
			const ranks = info.Roles.map((role) => role.Rank);
			ranks.sort((a, b) => a < b);
			resolve(ranks);
		});
	}
}
