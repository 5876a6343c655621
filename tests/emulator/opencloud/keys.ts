// Open Cloud API keys: each acts as the user who owns it, within its scopes.
import { RobloxUser } from "../roblox";

export type OpenCloudScope = "group:read" | "group:write";

/** The groups v2 operations the emulator serves, named as in Roblox's OpenAPI file. */
export type CloudOperation =
	| "GetGroup"
	| "ListGroupRoles"
	| "GetGroupRole"
	| "ListGroupMemberships"
	| "UpdateGroupMembership"
	| "AssignRoleGroupMembership"
	| "UnassignRoleGroupMembership";

export interface OpenCloudKeySeed {
	/** A fixed API key; default a generated one. */
	key?: string;
	/** Default both `group:read` and `group:write`. */
	scopes?: ReadonlyArray<OpenCloudScope>;
	/** Requests per minute per operation for this key's owner, in place of the documented ones. */
	rateLimits?: Partial<Record<CloudOperation, number>>;
}

export class OpenCloudKey {
	constructor(
		readonly key: string,
		readonly owner: RobloxUser,
		readonly scopes: ReadonlyArray<OpenCloudScope>,
		readonly rateLimits: Partial<Record<CloudOperation, number>>,
	) {}

	hasScope(scope: OpenCloudScope): boolean {
		return this.scopes.includes(scope);
	}
}
