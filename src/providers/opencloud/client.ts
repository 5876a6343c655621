// Roblox Open Cloud groups v2 (https://apis.roblox.com/cloud/v2;
// https://create.roblox.com/docs/cloud/reference/features/groups), the operations
// RankBridge uses, one attempt each. The key goes in x-api-key as a Secret and no header but
// x-api-key and content-type is ever sent (the engine's rule for Open Cloud). Each operation
// has its own per-owner limit, so each has its own gate; any answer whose x-ratelimit-remaining
// reaches 0 holds that operation's gate until x-ratelimit-reset.
import { t } from "@rbxts/t";
import { Future } from "../../core/future";
import { ErrorKind, RankError } from "../../core/errors";
import { Gate } from "../../core/rateGate";
import { DEFAULT_RETRY, RetryPolicy, withRetry } from "../../core/retry";
import * as check from "../../core/validate";
import { HttpResponse } from "../../roblox/http";
import { RequestContext } from "../provider";
import { JsonApi, JsonCall } from "../jsonApi";
import { redacted } from "../redact";
import { headerNumbers, openCloudError, PROVIDER, resetSeconds } from "./errors";
import * as schema from "./schemas";
import { CloudGroup, CloudMembership, CloudMembershipPage, CloudRole } from "./types";

export const OPEN_CLOUD_URL = "https://apis.roblox.com";

/** The groups v2 operations RankBridge calls, as Roblox's OpenAPI file names them. */
export type CloudOperation =
	| "GetGroup"
	| "ListGroupRoles"
	| "GetGroupRole"
	| "ListGroupMemberships"
	| "UpdateGroupMembership"
	| "AssignRoleGroupMembership"
	| "UnassignRoleGroupMembership";

/** Requests per minute per API-key owner (every key of the owner counts), from the OpenAPI file. */
export const OPEN_CLOUD_LIMITS: Record<CloudOperation, number> = {
	GetGroup: 150,
	ListGroupRoles: 300,
	GetGroupRole: 300,
	ListGroupMemberships: 300,
	UpdateGroupMembership: 300,
	AssignRoleGroupMembership: 300,
	UnassignRoleGroupMembership: 300,
};

/** ListGroupRoles answers at most 20 roles a page. */
const ROLE_PAGE = 20;
/** ListGroupMemberships answers at most 100 a page; Roblox sets larger sizes to 100. */
const MEMBERSHIP_PAGE = 100;

export interface OpenCloudClientOptions extends RequestContext {
	key: Secret | string;
	groupId: number;
	baseUrl: string;
	/** The gate for one operation's per-owner limit. */
	gate: (operation: CloudOperation) => Gate;
}

/** "users/123" → 123. */
function userIdOf(path: string): number {
	const [id] = path.match("^users/(%d+)$");
	return tonumber(id) ?? 0;
}

function toMembership(raw: t.static<typeof schema.membership>): CloudMembership {
	return {
		path: raw.path,
		user: raw.user,
		userId: userIdOf(raw.user),
		role: raw.role,
		roles: raw.roles ?? (raw.role !== undefined ? [raw.role] : []),
		createTime: raw.createTime,
		updateTime: raw.updateTime,
	};
}

function pageToken(token: string | undefined): string | undefined {
	return token !== undefined && token !== "" ? token : undefined;
}

export class OpenCloudClient {
	private readonly apis = new Map<CloudOperation, JsonApi>();
	private readonly retry: RetryPolicy;
	private readonly group: string;

	constructor(private readonly options: OpenCloudClientOptions) {
		this.retry = options.retry ?? DEFAULT_RETRY;
		this.group = `/cloud/v2/groups/${options.groupId}`;
	}

	/** Role paths name the group the way Open Cloud does: "groups/{id}/roles/{roleId}". */
	rolePath(roleId: string): string {
		return `groups/${this.options.groupId}/roles/${roleId}`;
	}

	private api(operation: CloudOperation): JsonApi {
		let api = this.apis.get(operation);
		if (api) return api;
		const gate = this.options.gate(operation);
		const scheduler = this.options.scheduler;
		api = new JsonApi({
			baseUrl: this.options.baseUrl,
			provider: PROVIDER,
			timeout: this.options.timeout,
			transport: this.options.transport,
			gates: [gate],
			now: () => scheduler.now(),
			headers: () => ({ "x-api-key": this.options.key }),
			mapError: (response, body, what) => openCloudError(response, body, what, scheduler.unixTime()),
			observe: (response: HttpResponse) => {
				const remaining = headerNumbers(response.headers["x-ratelimit-remaining"]);
				const spent = remaining.some((n) => n <= 0);
				if (spent || response.status === 429) gate.pause(resetSeconds(response) ?? tonumber(response.headers["retry-after"]) ?? 1);
			},
		});
		this.apis.set(operation, api);
		return api;
	}

	private read<T>(operation: CloudOperation, call: JsonCall<T>): Future<T> {
		return withRetry(this.options.scheduler, this.retry, this.options.random, () => this.api(operation).send(call));
	}

	private write<T>(operation: CloudOperation, call: JsonCall<T>): Future<T> {
		return this.api(operation).send(call);
	}

	/** Runs `body`; a plain-text key echoed back is redacted from whatever it raises (a Secret cannot leak). */
	private run<T>(body: () => Future<T>): Future<T> {
		const key = this.options.key;
		if (!typeIs(key, "string")) return Future.try(body);
		return Future.try(body).catch((raised) => {
			throw redacted(raised, [key]);
		});
	}

	/** GetGroup. */
	getGroup(): Future<CloudGroup> {
		return this.run(() => this.read("GetGroup", { method: "GET", path: this.group, validate: schema.group, what: "Open Cloud get group" }));
	}

	/** ListGroupRoles, every page, lowest rank first. */
	listRoles(): Future<Array<CloudRole>> {
		return this.run(() => {
			const all = new Array<CloudRole>();
			const page = (token: string | undefined): Future<Array<CloudRole>> =>
				this.read("ListGroupRoles", {
					method: "GET",
					path: `${this.group}/roles`,
					query: { maxPageSize: ROLE_PAGE, pageToken: token },
					validate: schema.rolePage,
					what: "Open Cloud list roles",
				}).andThen((result) => {
					for (const role of result.groupRoles ?? []) all.push(role);
					const following = pageToken(result.nextPageToken);
					if (following !== undefined) return page(following);
					all.sort((a, b) => a.rank < b.rank);
					return all;
				});
			return page(undefined);
		});
	}

	/** GetGroupRole. */
	getRole(roleId: string | number): Future<CloudRole> {
		return this.run(() => {
			const id = typeIs(roleId, "number") ? tostring(check.positiveInteger(roleId, "roleId")) : check.nonEmptyString(roleId, "roleId");
			if (id.match("^%d+$")[0] === undefined) throw new RankError(ErrorKind.InvalidRequest, `roleId must be a role id (digits), got "${id}"`);
			return this.read("GetGroupRole", {
				method: "GET",
				path: `${this.group}/roles/${id}`,
				validate: schema.role,
				what: "Open Cloud get role",
			});
		});
	}

	/** ListGroupMemberships, one page. `filter` is Open Cloud's CEL filter; page sizes above 100 are 100, as Roblox documents. */
	listMemberships(query: { filter?: string; maxPageSize?: number; pageToken?: string }): Future<CloudMembershipPage> {
		return this.run(() => {
			const size =
				query.maxPageSize !== undefined ? math.min(check.positiveInteger(query.maxPageSize, "maxPageSize"), MEMBERSHIP_PAGE) : undefined;
			return this.read("ListGroupMemberships", {
				method: "GET",
				path: `${this.group}/memberships`,
				query: { filter: query.filter, maxPageSize: size, pageToken: query.pageToken },
				validate: schema.membershipPage,
				what: "Open Cloud list memberships",
			}).andThen((result) => ({
				memberships: (result.groupMemberships ?? []).map(toMembership),
				nextPageToken: pageToken(result.nextPageToken),
			}));
		});
	}

	/** The member's membership, read fresh; undefined if they are not in the group. */
	membership(userId: number): Future<CloudMembership | undefined> {
		return this.run(() => {
			check.userId(userId);
			return this.listMemberships({ filter: `user == 'users/${userId}'` }).andThen((page) =>
				page.memberships.find((membership) => membership.userId === userId),
			);
		});
	}

	/** A role change on the membership; the user id stands in for the membership id, as documented. */
	private change(operation: CloudOperation, userId: number, role: string, what: string): Future<CloudMembership> {
		return this.run(() => {
			check.userId(userId);
			const path = `${this.group}/memberships/${userId}`;
			const call = {
				body: { role },
				validate: schema.membership,
				what,
			};
			const sent =
				operation === "UpdateGroupMembership"
					? this.write(operation, { ...call, method: "PATCH", path })
					: this.write(operation, {
							...call,
							method: "POST",
							path: `${path}:${operation === "AssignRoleGroupMembership" ? "assignRole" : "unassignRole"}`,
						});
			return sent.andThen(toMembership);
		});
	}

	/** AssignRoleGroupMembership: adds the role (holding it already changes nothing). */
	assignRole(userId: number, role: string): Future<CloudMembership> {
		return this.change("AssignRoleGroupMembership", userId, role, "Open Cloud assign role");
	}

	/** UnassignRoleGroupMembership: removes the role (not holding it changes nothing). */
	unassignRole(userId: number, role: string): Future<CloudMembership> {
		return this.change("UnassignRoleGroupMembership", userId, role, "Open Cloud unassign role");
	}

	/** UpdateGroupMembership (deprecated): sets "the" role, as before members could hold several. */
	updateMembership(userId: number, role: string): Future<CloudMembership> {
		return this.change("UpdateGroupMembership", userId, role, "Open Cloud update membership");
	}
}
