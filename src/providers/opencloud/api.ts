import { ErrorKind, RankError, unsupported } from "../../core/errors";
import { Future, promised } from "../../core/future";
import * as check from "../../core/validate";
import { OpenCloudParts } from "./provider";
import { CloudGroup, CloudMembership, CloudMembershipPage, CloudMembershipQuery, CloudRole } from "./types";

/**
 * Open Cloud's own reads, as `bridge.openCloud`. The same object exists for every provider; on
 * one that is not Open Cloud each call rejects with kind Unsupported.
 *
 * Luau: `local roles = bridge.openCloud:memberRoles(userId):expect()`
 * TypeScript: `const roles = await bridge.openCloud.memberRoles(userId)`
 */
export class OpenCloudApi {
	constructor(
		private readonly parts: OpenCloudParts | undefined,
		private readonly provider: string,
	) {}

	private use<T>(body: (parts: OpenCloudParts) => Future<T>): Promise<T> {
		return promised(() => (this.parts ? body(this.parts) : unsupported<T>(this.provider, "Open Cloud group reads")));
	}

	/** The group: name, owner, member count... */
	group(): Promise<CloudGroup> {
		return this.use((parts) => parts.client.getGroup());
	}

	/** Every role of the group, lowest rank first, listed fresh (this also refreshes the role cache). */
	roles(): Promise<Array<CloudRole>> {
		return this.use((parts) => parts.roles.refresh());
	}

	/** One role by its id (not its rank). */
	role(roleId: string | number): Promise<CloudRole> {
		return this.use((parts) => parts.client.getRole(roleId));
	}

	/** The member's membership, read fresh; nil if they are not in the group. */
	membership(userId: number): Promise<CloudMembership | undefined> {
		return this.use((parts) => parts.ranking.membership(userId));
	}

	/** The roles the member holds, highest rank first; empty if they are not in the group. */
	memberRoles(userId: number): Promise<Array<CloudRole>> {
		return this.use((parts) => parts.ranking.memberRoles(userId));
	}

	/** One page of the group's members, optionally only those holding the role with `rank`. */
	memberships(query: CloudMembershipQuery = {}): Promise<CloudMembershipPage> {
		return this.use((parts) =>
			Future.try(() => check.record(query, "query")).andThen(() => {
				if (query.pageToken !== undefined) check.nonEmptyString(query.pageToken, "pageToken");
				if (query.rank === undefined) return parts.client.listMemberships({ maxPageSize: query.maxPageSize, pageToken: query.pageToken });
				const rank = check.integerInRange(query.rank, "rank", 0, 255);
				return parts.roles.all().andThen((roles) => {
					const role = roles.find((candidate) => candidate.rank === rank);
					if (!role) throw new RankError(ErrorKind.RankOutOfRange, `the group has no rank ${rank}.`, { provider: "Open Cloud" });
					return parts.client.listMemberships({
						filter: `role == '${role.path}'`,
						maxPageSize: query.maxPageSize,
						pageToken: query.pageToken,
					});
				});
			}),
		);
	}
}
