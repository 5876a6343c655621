// The Roblox side every service acts on: users, groups, their roles and members.
// Members may hold several roles (Roblox's multi-role groups); a member's rank is the highest
// rank among their roles, as GroupMembership.role reports the highest-ranked role.

export interface RobloxUser {
	readonly id: number;
	name: string;
	displayName: string;
}

export interface GroupRole {
	readonly id: number;
	name: string;
	description: string;
	/** 0 is Guest, 255 is Owner. */
	rank: number;
	/** Unix seconds; default the group's creation. */
	createTime?: number;
	updateTime?: number;
}

export interface GroupMember {
	readonly userId: number;
	/** Opaque id Open Cloud uses in membership paths (the user id also works there). */
	readonly membershipId: string;
	roleIds: Array<number>;
	readonly createTime: number;
	updateTime: number;
}

export class Group {
	readonly roles = new Array<GroupRole>();
	readonly members = new Map<number, GroupMember>();
	description = "";

	constructor(
		readonly id: number,
		public name: string,
		public ownerId: number,
		/** Unix seconds. */
		readonly createTime = 0,
	) {}

	/** Roles from lowest rank to highest. */
	ladder(): Array<GroupRole> {
		const sorted = [...this.roles];
		sorted.sort((a, b) => a.rank < b.rank);
		return sorted;
	}

	roleByRank(rank: number): GroupRole | undefined {
		return this.roles.find((role) => role.rank === rank);
	}

	roleById(id: number): GroupRole | undefined {
		return this.roles.find((role) => role.id === id);
	}

	/** The member's highest-ranked role, or undefined for a non-member. */
	topRole(userId: number): GroupRole | undefined {
		const member = this.members.get(userId);
		if (!member) return undefined;
		let top: GroupRole | undefined;
		for (const roleId of member.roleIds) {
			const role = this.roleById(roleId);
			if (role && (!top || role.rank > top.rank)) top = role;
		}
		return top;
	}

	/** 0 for a non-member, as Player:GetRankInGroup reports. */
	rankOf(userId: number): number {
		return this.topRole(userId)?.rank ?? 0;
	}

	/** Makes `role` the member's only role (the single-role world's "set rank"). */
	setOnlyRole(userId: number, role: GroupRole, now: number) {
		const member = this.members.get(userId);
		if (!member) error(`user ${userId} is not in group ${this.id}`);
		member.roleIds = [role.id];
		member.updateTime = now;
	}
}

export class RobloxWorld {
	readonly users = new Map<number, RobloxUser>();
	readonly groups = new Map<number, Group>();
	private nextUserId = 1000001;
	private nextGroupId = 3300001;
	private nextRoleId = 50000001;

	createUser(name: string, displayName?: string, id?: number): RobloxUser {
		const userId = id ?? this.nextUserId++;
		const user = { id: userId, name, displayName: displayName ?? name };
		this.users.set(userId, user);
		return user;
	}

	/** A user by id, made up on first sight so that any positive id names somebody. */
	user(id: number): RobloxUser {
		return this.users.get(id) ?? this.createUser(`User${id}`, undefined, id);
	}

	createGroup(name: string, ownerId: number, roles: Array<{ name: string; rank: number }>, now: number): Group {
		const group = new Group(this.nextGroupId++, name, ownerId, math.floor(now));
		for (const role of roles) {
			group.roles.push({ id: this.nextRoleId++, name: role.name, description: "", rank: role.rank });
		}
		this.groups.set(group.id, group);
		const owner = group.roleByRank(255);
		if (owner) this.addMember(group, ownerId, owner, now);
		return group;
	}

	addMember(group: Group, userId: number, role: GroupRole, now: number): GroupMember {
		this.user(userId);
		const member: GroupMember = {
			userId,
			membershipId: `m${group.id}x${userId}`,
			roleIds: [role.id],
			createTime: now,
			updateTime: now,
		};
		group.members.set(userId, member);
		return member;
	}
}
