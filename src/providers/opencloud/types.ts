// Open Cloud groups v2 resources as RankBridge hands them to game code. Field names are Open
// Cloud's own; times are RFC 3339 strings as Roblox sends them.

export interface CloudGroup {
	/** "groups/{id}". */
	path: string;
	id: string;
	displayName: string;
	description?: string;
	/** "users/{id}"; nil if the group has no owner. */
	owner?: string;
	memberCount?: number;
	publicEntryAllowed?: boolean;
	locked?: boolean;
	verified?: boolean;
	createTime?: string;
	updateTime?: string;
}

export interface CloudRole {
	/** "groups/{groupId}/roles/{roleId}". */
	path: string;
	/** The role's id (not its rank). */
	id: string;
	displayName: string;
	/** 0 (Guest) to 255 (Owner). */
	rank: number;
	/** Only visible to the group's owner. */
	description?: string;
	/** Not given for the Guest role. */
	memberCount?: number;
	/**
	 * What the role may do ({ changeRank = true, ... }): the guest role's for anyone; with the
	 * group:read scope, every role's for the group's owner and a member's own roles for them.
	 */
	permissions?: Record<string, boolean>;
	/** RFC 3339; only visible to the group's owner. */
	createTime?: string;
	updateTime?: string;
}

export interface CloudMembership {
	/** "groups/{groupId}/memberships/{membershipId}". */
	path: string;
	/** "users/{id}". */
	user: string;
	/** The member's user id (from `user`). */
	userId: number;
	/** The member's highest-ranked role path. */
	role?: string;
	/** Every role path the member holds. */
	roles: Array<string>;
	createTime?: string;
	updateTime?: string;
}

export interface CloudMembershipPage {
	memberships: Array<CloudMembership>;
	/** Pass back as `pageToken` for the next page; nil on the last page. */
	nextPageToken?: string;
}

export interface CloudMembershipQuery {
	/** Only members holding the role with this rank. */
	rank?: number;
	/** Open Cloud's default is 10; larger than 100 is 100. */
	maxPageSize?: number;
	pageToken?: string;
}
