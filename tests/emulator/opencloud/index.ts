// Roblox Open Cloud groups v2 under /cloud/v2/, from Roblox's OpenAPI file
// (https://github.com/Roblox/creator-docs/blob/b0bf2f155772/content/en-us/reference/cloud/openapi.json).
// Every request passes the gateway first: the x-api-key must name a key (else the gateway's
// error body), then the key owner's per-operation rate limit is counted, then the operation's
// scope is checked.
import { EmulatorContext, Service } from "../context";
import { EmulatorResponse, header, RouteContext, Router } from "../http";
import { JsonValue } from "../json";
import { RobloxUser } from "../roblox";
import { CloudHandler } from "./call";
import { cloudError, invalidApiKey } from "./errors";
import { getGroup, getGroupRole, listGroupRoles } from "./groupRoutes";
import { CloudOperation, OpenCloudKey, OpenCloudKeySeed, OpenCloudScope } from "./keys";
import { listGroupMemberships } from "./membershipRoutes";
import { PageTokens } from "./paging";
import { DOCUMENTED_LIMITS, OwnerRateLimits } from "./rateLimits";
import { assignRole, unassignRole, updateMembership } from "./roleChangeRoutes";

export { CloudOperation, OpenCloudKey, OpenCloudKeySeed, OpenCloudScope } from "./keys";
export { DOCUMENTED_LIMITS } from "./rateLimits";

const ALL_SCOPES: ReadonlyArray<OpenCloudScope> = ["group:read", "group:write"];
const GROUP = "/cloud/v2/groups/:group";
const MEMBERSHIP = `${GROUP}/memberships/:membership`;

/** "123:assignRole" → "123", "assignRole"; a custom method rides on the last path segment. */
function splitCustomMethod(segment: string): [string, string | undefined] {
	const [id, verb] = segment.match("^([^:]*):(.*)$");
	if (id === undefined) return [segment, undefined];
	return [id as string, verb as string];
}

export class OpenCloudService implements Service {
	readonly name = "opencloud";
	readonly router = new Router();
	private readonly keys = new Map<string, OpenCloudKey>();
	private readonly limits = new OwnerRateLimits();
	private readonly pages: PageTokens;

	constructor(private readonly context: EmulatorContext) {
		this.pages = new PageTokens(context.ids);
		this.router.add("GET", GROUP, (route) => this.serve(route, "GetGroup", undefined, getGroup));
		this.router.add("GET", `${GROUP}/roles`, (route) =>
			this.serve(route, "ListGroupRoles", undefined, (call) => listGroupRoles(call, this.pages)),
		);
		this.router.add("GET", `${GROUP}/roles/:role`, (route) => this.serve(route, "GetGroupRole", undefined, getGroupRole));
		this.router.add("GET", `${GROUP}/memberships`, (route) =>
			this.serve(route, "ListGroupMemberships", undefined, (call) => listGroupMemberships(call, this.pages)),
		);
		this.router.add("PATCH", MEMBERSHIP, (route) => {
			const [membership, verb] = splitCustomMethod(route.params.membership);
			if (verb !== undefined) return cloudError("NOT_FOUND", `No PATCH method :${verb}`);
			return this.serve(route, "UpdateGroupMembership", "group:write", (call) => updateMembership(call, membership));
		});
		this.router.add("POST", MEMBERSHIP, (route) => {
			const [membership, verb] = splitCustomMethod(route.params.membership);
			if (verb === "assignRole") {
				return this.serve(route, "AssignRoleGroupMembership", "group:write", (call) => assignRole(call, membership));
			}
			if (verb === "unassignRole") {
				return this.serve(route, "UnassignRoleGroupMembership", "group:write", (call) => unassignRole(call, membership));
			}
			return cloudError("NOT_FOUND", `No POST method on a membership${verb !== undefined ? ` named :${verb}` : ""}`);
		});
	}

	/** An API key acting as `owner`. */
	createKey(owner: RobloxUser, seed: OpenCloudKeySeed): OpenCloudKey {
		const key = new OpenCloudKey(seed.key ?? this.context.ids.hex(64), owner, seed.scopes ?? ALL_SCOPES, seed.rateLimits ?? {});
		this.keys.set(key.key, key);
		return key;
	}

	/** Requests the owner made to the operation in the current rate-limit window. */
	usage(owner: RobloxUser, operation: CloudOperation): number {
		return this.limits.used(owner.id, operation, this.context.now());
	}

	describe(): JsonValue {
		const keys = new Array<JsonValue>();
		for (const [, key] of this.keys) {
			const rateLimits: Record<string, number> = {};
			for (const [operation, limit] of pairs(DOCUMENTED_LIMITS)) rateLimits[operation] = key.rateLimits[operation] ?? limit;
			keys.push({ key: key.key, ownerId: key.owner.id, scopes: [...key.scopes], rateLimits });
		}
		return { keys };
	}

	private serve(route: RouteContext, operation: CloudOperation, scope: OpenCloudScope | undefined, handler: CloudHandler): EmulatorResponse {
		const key = this.keys.get(header(route.request, "x-api-key") ?? "");
		if (!key) return invalidApiKey();
		const limit = key.rateLimits[operation] ?? DOCUMENTED_LIMITS[operation];
		const decision = this.limits.take(key.owner.id, operation, limit, route.now);
		if (!decision.allowed) return cloudError("RESOURCE_EXHAUSTED", `Rate limit of ${limit} requests per minute exceeded`, decision.headers);
		// Not documented: a key without the operation's scope gets PERMISSION_DENIED.
		const response =
			scope !== undefined && !key.hasScope(scope)
				? cloudError("PERMISSION_DENIED", `The API key needs the ${scope} scope`)
				: handler({ ...route, key, roblox: this.context.roblox });
		for (const [name, value] of pairs(decision.headers)) response.headers[name] = value;
		return response;
	}
}
