// RankGun's answers to RankError kinds: the status first, then the `code` when there is one,
// then the message text. The older overview documents errors as `{success:false, error}` and
// a 403 as "invalid key or monthly limit exceeded"; only the Ranking Centre and Application
// Centre pages document codes (MISSING_API_KEY, ELITE_REQUIRED, INVALID_API_KEY, ...). So a 403
// whose code does not settle it is an UnexplainedForbidden, and the client asks /api/workspace
// (which spends no quota and counts usage) what it was; nothing is parked on wording alone.
import { ErrorKind, RankError } from "../../core/errors";
import { parseRetryAfter } from "../../core/retryAfter";
import { HttpResponse } from "../../roblox/http";

const PROVIDER = "RankGun";

function field(body: unknown, name: string): string | undefined {
	if (!typeIs(body, "table")) return undefined;
	const value = (body as Record<string, unknown>)[name];
	return typeIs(value, "string") ? value : undefined;
}

/** True if `text` contains any of `words`, ignoring case. */
function mentions(text: string, ...words: Array<string>): boolean {
	const lower = text.lower();
	return words.some((word) => lower.find(word.lower(), 1, true)[0] !== undefined);
}

/** Words of a throttle: "Rate limit exceeded", "Too many requests", "throttled". */
export function soundsLikeThrottle(text: string): boolean {
	return mentions(text, "rate limit", "too many requests", "throttl", "slow down");
}

/** A 403 whose code (if any) does not say what it is: a bad key, a spent quota or a throttle. */
export class UnexplainedForbidden extends RankError {
	constructor(
		message: string,
		details: { status: number; code?: string; provider: string; retryAfter?: number },
		/** What RankGun said, as it said it. */
		readonly serviceMessage: string,
	) {
		super(ErrorKind.Forbidden, message, details);
	}
}

export function rankGunError(response: HttpResponse, body: unknown, what: string, nowUnix: number): RankError {
	const status = response.status;
	const code = field(body, "code");
	const serviceMessage = field(body, "error") ?? field(body, "message") ?? response.body.sub(1, 200);
	const retryAfter = parseRetryAfter(response.headers["retry-after"], nowUnix);
	const details = { status, code, provider: PROVIDER };
	const said = `${what}: RankGun answered ${status}${code !== undefined ? ` ${code}` : ""}: ${serviceMessage}`;
	const codeSays = (...words: Array<string>) => code !== undefined && mentions(code, ...words);

	if (status === 401) {
		return new RankError(
			ErrorKind.InvalidKey,
			`${said}. No API key reached RankGun: check the secret's value and that its domain allows api.rankgun.works.`,
			details,
		);
	}
	if (status === 402) {
		const upgrade = field(body, "upgradeUrl");
		return new RankError(
			ErrorKind.UpgradeRequired,
			`${said}. This needs a RankGun Elite workspace${upgrade !== undefined ? ` (${upgrade})` : ""}.`,
			details,
		);
	}
	if (status === 403) {
		if (code === "INVALID_API_KEY") {
			return new RankError(
				ErrorKind.InvalidKey,
				`${said}. The key may have been regenerated: copy it again from the workspace settings into the secret.`,
				details,
			);
		}
		if (codeSays("DEACTIVAT") || (code === undefined && mentions(serviceMessage, "deactivated"))) {
			return new RankError(ErrorKind.Forbidden, `${said}. The RankGun workspace is deactivated.`, details);
		}
		if (codeSays("RATE", "THROTTL"))
			return new RankError(ErrorKind.RateLimited, `${said}. RankGun is throttling this workspace.`, { ...details, retryAfter });
		return new UnexplainedForbidden(said, { ...details, retryAfter }, serviceMessage);
	}
	if (status === 404) return new RankError(ErrorKind.NotFound, said, details);
	if (status === 409) return new RankError(ErrorKind.Conflict, said, details);
	if (status === 429) {
		return new RankError(ErrorKind.RateLimited, `${said}. RankGun allows 100 requests a minute per workspace.`, { ...details, retryAfter });
	}
	if (status >= 500) return new RankError(ErrorKind.Transient, said, details);
	if (status === 400) {
		if (code === "INVALID_RANK_ID" || code === "INVALID_FORM_ID") return new RankError(ErrorKind.InvalidRequest, said, details);
		const cannotManage =
			codeSays("NOT_MANAGEABLE") || (code === undefined && mentions(serviceMessage, "cannot manage", "can't manage", "cannot be ranked"));
		if (cannotManage) {
			return new RankError(
				ErrorKind.Forbidden,
				`${said}. RankGun's ranking account cannot rank this member (their rank is at or above its own).`,
				details,
			);
		}
		const notInGroup =
			codeSays("NOT_IN_GROUP") ||
			mentions(serviceMessage, "not in the group", "not in group", "not a member of the group", "not a group member");
		if (notInGroup) return new RankError(ErrorKind.NotInGroup, said, details);
		const rankProblem =
			codeSays("RANK") ||
			mentions(
				serviceMessage,
				"top rank",
				"highest rank",
				"lowest rank",
				"bottom rank",
				"rank does not exist",
				"no role with rank",
				"rank not found",
				"cannot be assigned",
			);
		if (rankProblem) return new RankError(ErrorKind.RankOutOfRange, said, details);
		return new RankError(ErrorKind.InvalidRequest, said, details);
	}
	return new RankError(ErrorKind.Unknown, said, details);
}

/** What /api/workspace said when asked about a 403. */
export type UsageProbe =
	/** The 403 came from /api/workspace itself. */
	| { self: true }
	/** It answered; `used`/`limit` are undefined when it did not report them. */
	| { used?: number; limit?: number }
	/** It failed too. */
	| { failed: RankError };

/**
 * What a 403 was, once /api/workspace has been asked. Only a usage counter at its limit makes it
 * a spent quota (so it is parked); a usage with room makes it a throttle (retried after a
 * backoff) if RankGun's words say so, else a refusal. /api/workspace documents its own 403 as a
 * bad key only, so a 403 there (not worded as a throttle) is the key.
 */
export function explainForbidden(first: UnexplainedForbidden, probe: UsageProbe): RankError {
	const details = { status: first.status, code: first.code, provider: PROVIDER };
	const throttle = (why: string) =>
		new RankError(ErrorKind.RateLimited, `${first.message}. ${why}; taken as throttling and tried again later.`, {
			...details,
			retryAfter: first.retryAfter,
		});
	const badKey = (why: string) =>
		new RankError(
			ErrorKind.InvalidKey,
			`${first.message}. ${why}: RankGun does not accept this API key. It may have been regenerated: copy it again from the workspace settings into the secret.`,
			details,
		);
	const refusal = (why: string) =>
		new RankError(
			ErrorKind.Forbidden,
			`${first.message}. ${why}${mentions(first.serviceMessage, "maximum rank") ? "; the workspace's Maximum Rank setting may block this rank" : ""}.`,
			details,
		);

	if ("self" in probe) {
		return soundsLikeThrottle(first.serviceMessage)
			? throttle("RankGun refused the workspace read itself")
			: badKey("The workspace read was refused");
	}
	if ("failed" in probe) {
		const failure = probe.failed;
		if (failure instanceof UnexplainedForbidden) return explainForbidden(first, { self: true });
		if (failure.kind === ErrorKind.InvalidKey) return badKey("/api/workspace refused the key too");
		if (failure.kind === ErrorKind.Forbidden || failure.kind === ErrorKind.QuotaExhausted) return failure;
		return throttle(`Could not ask /api/workspace whether the monthly quota is spent (${failure.kind})`);
	}
	if (probe.used !== undefined && probe.limit !== undefined) {
		if (probe.used >= probe.limit) {
			return new RankError(
				ErrorKind.QuotaExhausted,
				`${first.message}. The workspace has used ${probe.used} of ${probe.limit} rank actions this month, so they are used up until the quota resets.`,
				details,
			);
		}
		const room = `The workspace has used ${probe.used} of ${probe.limit} rank actions this month, so this is not the monthly quota`;
		return soundsLikeThrottle(first.serviceMessage) ? throttle(room) : refusal(room);
	}
	const unknown = "/api/workspace does not report the month's usage, so RankBridge cannot confirm a spent quota and does not park";
	return soundsLikeThrottle(first.serviceMessage) ? throttle(unknown) : refusal(unknown);
}
