// Who is calling: the workspace behind the key, checked before every route, then the rate limit.
import { EmulatorRequest, header } from "../http";
import { RankGunBehaviours } from "./behaviours";
import { RateLimit } from "./limits";
import { failure, Failure } from "./responses";
import { RankGunWorkspace } from "./workspace";

/**
 * The key, from any header the docs name, on any route: x-api-key or Authorization: Bearer
 * (current), api_token (counted as provided by the centre pages), and staff-token, api_token or
 * api-token, which the migration table maps to x-api-key. The table does not tie the old headers
 * to the old routes, so both kinds of route take all of them.
 */
export function keyOf(request: EmulatorRequest): string | undefined {
	const direct = header(request, "x-api-key");
	if (direct !== undefined && direct !== "") return direct;
	const authorization = header(request, "authorization");
	const [bearer] = (authorization ?? "").match("^[Bb][Ee][Aa][Rr][Ee][Rr]%s+(%S+)%s*$");
	if (typeIs(bearer, "string")) return bearer;
	for (const name of ["api_token", "api-token", "staff-token"]) {
		const value = header(request, name);
		if (value !== undefined && value !== "") return value;
	}
	// The docs count an `api_token` as provided without saying where it travels; query strings
	// are where such tokens usually go when not in a header.
	const token = request.query.api_token;
	if (token !== undefined && token !== "") return token;
	return undefined;
}

/**
 * The workspace a key opens, or why not. Failures are checked in the order a request meets them:
 * no key, unknown key, deleted workspace, deactivated workspace, then the rate limit (which
 * counts only requests that got this far and were not themselves throttled).
 */
export function authorize(
	key: string | undefined,
	find: (key: string) => RankGunWorkspace | undefined,
	now: number,
	serviceLimit: RateLimit,
	behaviours: Readonly<RankGunBehaviours>,
): RankGunWorkspace | Failure {
	if (key === undefined) return failure(401, "MISSING_API_KEY", "Provide an API key via the x-api-key header.");
	const workspace = find(key);
	if (!workspace) return failure(403, "INVALID_API_KEY", "Invalid API key. Copy the current key from your workspace settings.");
	// The docs list 404 "workspace not found" without a code.
	if (workspace.deleted) return failure(404, "WORKSPACE_NOT_FOUND", "Workspace not found.");
	if (!workspace.isActive) return failure(403, "WORKSPACE_DEACTIVATED", "This workspace has been deactivated.");
	return workspace.limiter.take(now, workspace.rateLimit(serviceLimit), behaviours.throttleAs403) ?? workspace;
}
