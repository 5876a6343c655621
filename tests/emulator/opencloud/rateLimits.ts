// Per-owner, per-operation request limits (the OpenAPI file's x-roblox-rate-limits;
// https://create.roblox.com/docs/cloud/reference/rate-limits): they count every key of the same
// owner together. The docs give requests per minute, not the algorithm: the emulator uses a
// fixed one-minute window opened by the first request, and reports it in x-ratelimit-* headers.
import { CloudOperation } from "./keys";

/** Requests per minute per API-key owner, from the OpenAPI file's x-roblox-rate-limits. */
export const DOCUMENTED_LIMITS: Record<CloudOperation, number> = {
	GetGroup: 150,
	ListGroupRoles: 300,
	GetGroupRole: 300,
	ListGroupMemberships: 300,
	UpdateGroupMembership: 300,
	AssignRoleGroupMembership: 300,
	UnassignRoleGroupMembership: 300,
};

const WINDOW_SECONDS = 60;

interface Window {
	start: number;
	count: number;
}

export interface RateDecision {
	readonly allowed: boolean;
	readonly headers: Record<string, string>;
}

export class OwnerRateLimits {
	private readonly windows = new Map<string, Window>();

	/** Counts one request if the owner has budget left for the operation. */
	take(ownerId: number, operation: CloudOperation, limit: number, now: number): RateDecision {
		const window = this.current(ownerId, operation, now);
		const allowed = window.count < limit;
		if (allowed) window.count += 1;
		return {
			allowed,
			headers: {
				// The docs' example lists the limit and then the same limit with its window.
				"x-ratelimit-limit": `${limit}, ${limit};w=${WINDOW_SECONDS}`,
				"x-ratelimit-remaining": tostring(math.max(0, limit - window.count)),
				"x-ratelimit-reset": tostring(math.max(1, math.ceil(window.start + WINDOW_SECONDS - now))),
			},
		};
	}

	/** Requests counted for the owner and operation in the current window. */
	used(ownerId: number, operation: CloudOperation, now: number): number {
		const window = this.windows.get(`${ownerId}/${operation}`);
		return window && now < window.start + WINDOW_SECONDS ? window.count : 0;
	}

	private current(ownerId: number, operation: CloudOperation, now: number): Window {
		const id = `${ownerId}/${operation}`;
		let window = this.windows.get(id);
		if (!window || now >= window.start + WINDOW_SECONDS) {
			window = { start: now, count: 0 };
			this.windows.set(id, window);
		}
		return window;
	}
}
