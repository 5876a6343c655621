// The group's roles, listed once (every page) and kept for a while: ranking needs the role for a
// rank number on every change, and roles rarely change. A change that fails because a cached
// role no longer exists drops the cache (see ranking.ts).
import { Future } from "../../core/future";
import { Scheduler } from "../../core/scheduler";
import { OpenCloudClient } from "./client";
import { CloudRole } from "./types";

/** Roles are listed again after this long, even if nothing failed. */
const ROLE_CACHE_SECONDS = 300;

export class RoleCache {
	private roles?: Array<CloudRole>;
	private fetchedAt = 0;
	private loading?: Future<Array<CloudRole>>;

	constructor(
		private readonly client: OpenCloudClient,
		private readonly scheduler: Scheduler,
	) {}

	/** Every role, lowest rank first, from the cache while it is fresh. */
	all(): Future<Array<CloudRole>> {
		if (this.roles && this.scheduler.now() - this.fetchedAt < ROLE_CACHE_SECONDS) return Future.resolved(this.roles);
		return this.refresh();
	}

	/** Lists the roles again (one listing at a time, shared by every caller). */
	refresh(): Future<Array<CloudRole>> {
		if (this.loading) return this.loading;
		let settled = false;
		const done = () => {
			settled = true;
			if (this.loading === loading) this.loading = undefined;
		};
		const loading = this.client.listRoles().andThen(
			(roles) => {
				done();
				this.roles = roles;
				this.fetchedAt = this.scheduler.now();
				return roles;
			},
			(raised) => {
				done();
				throw raised;
			},
		);
		if (!settled) this.loading = loading;
		return loading;
	}

	invalidate() {
		this.roles = undefined;
	}

	/** The roles `paths` name, listing again once if one is not known (a role made since). */
	resolve(paths: ReadonlyArray<string>): Future<Array<CloudRole>> {
		const pick = (roles: ReadonlyArray<CloudRole>) => paths.mapFiltered((path) => roles.find((role) => role.path === path));
		return this.all().andThen((roles) => {
			const found = pick(roles);
			if (found.size() === paths.size()) return found;
			return this.refresh().andThen(pick);
		});
	}
}
