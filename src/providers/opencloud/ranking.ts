// Ranking through Open Cloud now that a member may hold several roles.
//
// A member's rank is their highest role's rank (what GroupMembership.role names, and what
// GroupService reports). Setting rank R:
//   1. assign R's role (assignRole; holding it already changes nothing), then
//   2. unassign the member's previous rank role (their highest before the change) and every
//      other role they hold ranked above R (else their rank would not be R).
// Only what is left to do is sent, so a change that landed part-way (say the assign answered
// nothing) is finished by sending it again with the rank it started from.
// Roles ranked below both the old and the new rank stay: a secondary role such as "Event Host"
// survives a promotion. Assigning first means the member is never left without a role (Roblox
// refuses to take a member's last one). Both calls are idempotent, so the whole change is safe
// to repeat after a failure part-way.
//
// Fallback: assignRole and unassignRole are recent (2026) and not yet on HttpService's list of
// supported Open Cloud endpoints. If assignRole is refused as not available (501, an unknown
// route, or the engine refusing the request), the deprecated UpdateGroupMembership PATCH is
// used from then on: it is on that list, but it replaces all the member's roles with R's.
import { Future } from "../../core/future";
import { ErrorKind, RankError } from "../../core/errors";
import { Scheduler } from "../../core/scheduler";
import { OpenCloudClient } from "./client";
import { PROVIDER } from "./errors";
import { RoleCache } from "./roles";
import { CloudMembership, CloudRole } from "./types";

/** A membership read this recently is used for the change that follows it (same member, one lane). */
const SNAPSHOT_SECONDS = 5;

/**
 * A change refused because a cached role no longer exists (deleted, or remade with a new id).
 * A missing membership maps to NotInGroup, so NotFound here means the role (or, far less likely,
 * the group, which the retry then reports).
 */
function staleRole(raised: unknown): boolean {
	return RankError.is(raised, ErrorKind.NotFound) && raised.code === "NOT_FOUND";
}

/** assignRole itself is not available here (as opposed to refusing this change). */
function assignUnavailable(raised: unknown): boolean {
	if (!RankError.is(raised)) return false;
	if (raised.kind === ErrorKind.Unsupported) return true;
	if ((raised.status === 404 || raised.status === 405) && raised.code === undefined) return true;
	return raised.kind === ErrorKind.Unknown && raised.status === undefined;
}

export class CloudRanking {
	private readonly snapshots = new Map<number, { membership?: CloudMembership; at: number }>();
	private patchOnly = false;

	constructor(
		private readonly client: OpenCloudClient,
		private readonly roles: RoleCache,
		private readonly scheduler: Scheduler,
		private readonly groupId: number,
	) {}

	/** True once assignRole proved unavailable and the deprecated PATCH is used instead. */
	usesPatch(): boolean {
		return this.patchOnly;
	}

	/** A fresh read of the membership (undefined if not in the group). */
	membership(userId: number): Future<CloudMembership | undefined> {
		return this.client.membership(userId).andThen((membership) => {
			this.snapshots.set(userId, { membership, at: this.scheduler.now() });
			return membership;
		});
	}

	/** The roles a member holds, highest rank first; empty if not in the group. */
	memberRoles(userId: number): Future<Array<CloudRole>> {
		return this.membership(userId).andThen((membership) => this.held(membership));
	}

	private held(membership: CloudMembership | undefined): Future<Array<CloudRole>> {
		if (!membership) return Future.resolved([]);
		return this.roles.resolve(membership.roles).andThen((roles) => {
			roles.sort((a, b) => a.rank > b.rank);
			return roles;
		});
	}

	/** A fresh read of the member's rank: their highest role's, 0 if not in the group. */
	readRank(userId: number): Future<number> {
		return this.memberRoles(userId).andThen((roles) => roles[0]?.rank ?? 0);
	}

	/** Every rank number the group has. */
	ranks(): Future<Array<number>> {
		return this.roles.all().andThen((roles) => roles.map((role) => role.rank));
	}

	/** Makes `rank` the member's rank, `from` being their rank before (see the top of this file). Safe to repeat. */
	send(userId: number, rank: number, from: number): Future<void> {
		return this.change(userId, rank, from).catch((raised) => {
			if (!staleRole(raised)) throw raised;
			this.roles.invalidate();
			this.snapshots.delete(userId);
			return this.change(userId, rank, from);
		});
	}

	private current(userId: number): Future<CloudMembership | undefined> {
		const snapshot = this.snapshots.get(userId);
		this.snapshots.delete(userId);
		if (snapshot && this.scheduler.now() - snapshot.at < SNAPSHOT_SECONDS) return Future.resolved(snapshot.membership);
		return this.client.membership(userId);
	}

	private change(userId: number, rank: number, from: number): Future<void> {
		return this.current(userId).andThen((membership) => {
			if (!membership) throw new RankError(ErrorKind.NotInGroup, `user ${userId} is not in group ${this.groupId}.`, { provider: PROVIDER });
			return this.roles.all().andThen((roles) => {
				const role = roles.find((candidate) => candidate.rank === rank);
				if (!role) throw new RankError(ErrorKind.RankOutOfRange, `group ${this.groupId} has no rank ${rank}.`, { provider: PROVIDER });
				return this.held(membership).andThen((held) => {
					const extra = held.filter((other) => other.path !== role.path && (other.rank > rank || other.rank === from));
					const holds = membership.roles.includes(role.path);
					return this.assign(userId, role, holds).andThen((replaced) => (replaced ? undefined : this.unassignAll(userId, extra)));
				});
			});
		});
	}

	/** Assigns `role`; resolves true if the fallback PATCH replaced every role instead. */
	private assign(userId: number, role: CloudRole, holds: boolean): Future<boolean> {
		if (this.patchOnly) return this.client.updateMembership(userId, role.path).andThen(() => true);
		if (holds) return Future.resolved(false);
		return this.client.assignRole(userId, role.path).andThen(
			() => false,
			(raised) => {
				if (!assignUnavailable(raised)) throw raised;
				this.patchOnly = true;
				warn(
					`RankBridge: Open Cloud assignRole is not available here (${tostring(raised)}); ranking with the deprecated UpdateGroupMembership PATCH from now on, which leaves each ranked member with only their rank role.`,
				);
				return this.client.updateMembership(userId, role.path).andThen(() => true);
			},
		);
	}

	private unassignAll(userId: number, roles: ReadonlyArray<CloudRole>): Future<void> {
		let chain = Future.resolved(undefined);
		for (const role of roles) chain = chain.andThen(() => this.client.unassignRole(userId, role.path).andThen(() => undefined));
		return chain;
	}
}
