// The per-workspace request rate limit and the monthly rank-action quota.
import { failure, Failure } from "./responses";
import { Tier } from "./types";

export interface RateLimit {
	readonly requestsPerWindow: number;
	readonly windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerWindow: 100, windowSeconds: 60 };

/** Rank actions per calendar month (UTC), by plan. */
export const MONTHLY_RANK_QUOTA: Record<Tier, number> = { free: 170, elite: 20000 };

/**
 * Sliding window over the requests the workspace had accepted. RankGun documents 100 requests
 * a minute per workspace and says excess is "throttled", but not how it looks on the wire; the
 * emulator answers 429 with Retry-After (seconds until the oldest counted request leaves the
 * window), or, with the throttleAs403 behaviour, 403 "Rate limit exceeded" without it.
 * Rejected requests are not counted, so a client that waits gets through.
 */
export class RateLimiter {
	private readonly hits = new Array<number>();

	/** Counts the request, or says how long to wait. */
	take(now: number, { requestsPerWindow: limit, windowSeconds }: RateLimit, as403 = false): Failure | undefined {
		while (this.hits.size() > 0 && this.hits[0] <= now - windowSeconds) this.hits.shift();
		if (this.hits.size() >= limit) {
			if (as403) return failure(403, "RATE_LIMITED", `Rate limit exceeded: ${limit} requests per ${windowSeconds} seconds per workspace.`);
			const retryAfter = math.max(1, math.ceil(this.hits[0] + windowSeconds - now));
			return {
				...failure(
					429,
					"RATE_LIMITED",
					`Rate limit exceeded: ${limit} requests per ${windowSeconds} seconds per workspace. Retry after ${retryAfter} seconds.`,
				),
				headers: { "retry-after": tostring(retryAfter) },
			};
		}
		this.hits.push(now);
		return undefined;
	}

	/** Requests counted in the window ending now. */
	count(now: number, windowSeconds: number): number {
		return this.hits.filter((at) => at > now - windowSeconds).size();
	}

	clear() {
		this.hits.clear();
	}
}

/** Unix seconds at the start of the UTC month after the one holding `now`. */
export function nextMonthStart(now: number): number {
	const date = DateTime.fromUnixTimestamp(math.floor(now)).ToUniversalTime();
	const [year, month] = date.Month === 12 ? [date.Year + 1, 1] : [date.Year, date.Month + 1];
	return DateTime.fromUniversalTime(year, month, 1).UnixTimestamp;
}

/** Which UTC day `now` falls on, as a day count since the epoch. */
export function dayNumber(now: number): number {
	return math.floor(now / 86400);
}

/** Rank-action counters as GET /api/workspace reports them. */
export class RankUsage {
	ranksThisMonth = 0;
	ranksToday = 0;
	lastRankAt?: number;
	usageResetAt: number;
	private today: number;

	constructor(now: number) {
		this.usageResetAt = nextMonthStart(now);
		this.today = dayNumber(now);
	}

	/** Rolls the counters over once the clock has passed a month or day boundary. */
	refresh(now: number) {
		if (now >= this.usageResetAt) {
			this.ranksThisMonth = 0;
			this.usageResetAt = nextMonthStart(now);
		}
		if (dayNumber(now) !== this.today) {
			this.ranksToday = 0;
			this.today = dayNumber(now);
		}
	}

	/** Called for successful rank actions only: the docs say the actions count, not the attempts. */
	record(now: number) {
		this.refresh(now);
		this.ranksThisMonth += 1;
		this.ranksToday += 1;
		this.lastRankAt = math.floor(now);
	}

	/**
	 * The 403 once the month's actions are spent. The docs give the status, not a code;
	 * MONTHLY_LIMIT_EXCEEDED follows the naming of the documented codes.
	 */
	check(now: number, quota: number, tier: Tier): Failure | undefined {
		this.refresh(now);
		if (this.ranksThisMonth < quota) return undefined;
		const plan = tier === "elite" ? "Elite" : "Free";
		return failure(
			403,
			"MONTHLY_LIMIT_EXCEEDED",
			`Monthly rank limit reached: ${quota} rank actions on the ${plan} plan. The counter resets at ${this.usageResetAt}.`,
		);
	}
}
