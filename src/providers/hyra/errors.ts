// Hyra's answers to RankError kinds. Hyra documents no error bodies or statuses for
// ranking.hyra.io, only successes, so an answer is read by its success flag and its message
// (`Message` or `message`) first, then by status. The token travels in bodies and paths: the
// client redacts it from every message (../redact.ts).
import { ErrorKind, RankError } from "../../core/errors";
import { parseRetryAfter } from "../../core/retryAfter";
import { HttpResponse } from "../../roblox/http";

export const PROVIDER = "Hyra";

function field(body: unknown, name: string): unknown {
	return typeIs(body, "table") ? (body as Record<string, unknown>)[name] : undefined;
}

function text(body: unknown, name: string): string | undefined {
	const value = field(body, name);
	return typeIs(value, "string") ? value : undefined;
}

/** The success flag of a Hyra answer (either casing), if it has one. */
export function successFlag(body: unknown): boolean | undefined {
	const value = field(body, "Success") ?? field(body, "success");
	return typeIs(value, "boolean") ? value : undefined;
}

function mentions(message: string, ...words: Array<string>): boolean {
	const lower = message.lower();
	return words.some((word) => lower.find(word, 1, true)[0] !== undefined);
}

/**
 * Hyra's words for a spent daily quota, not yet checked against the token's usage. Hyra
 * documents no error bodies, so the words are a guess; the client confirms with GET
 * /token/{token} before parking anything (see client.ts).
 */
export class UnconfirmedQuota extends RankError {}

/**
 * Status first (what no wording can change), then the words. A 5xx is a failure of the service
 * and a 401 a refused token whatever they say; the rest is told apart by Hyra's message.
 */
export function hyraError(response: HttpResponse, body: unknown, what: string, nowUnix: number): RankError {
	const status = response.status;
	const serviceMessage = text(body, "Message") ?? text(body, "message") ?? text(body, "error") ?? response.body.sub(1, 200);
	const details = { status, provider: PROVIDER };
	const said = `${what}: Hyra answered ${status}: ${serviceMessage}`;

	if (status >= 500) return new RankError(ErrorKind.Transient, said, details);
	if (status === 401 || mentions(serviceMessage, "invalid token", "unknown token", "token is invalid", "invalid cookie")) {
		const hint = mentions(serviceMessage, "cookie")
			? "Hyra does not accept this .ROBLOSECURITY cookie (log the bot account in again)."
			: "Hyra does not accept this token: it may have been spun or deleted. Copy the current one from the Hyra workspace admin.";
		return new RankError(ErrorKind.InvalidKey, `${said}. ${hint}`, details);
	}
	if (mentions(serviceMessage, "daily", "quota", "500 requests")) return new UnconfirmedQuota(ErrorKind.QuotaExhausted, said, details);
	if (status === 429) {
		return new RankError(ErrorKind.RateLimited, said, { ...details, retryAfter: parseRetryAfter(response.headers["retry-after"], nowUnix) });
	}
	if (mentions(serviceMessage, "not in the group", "not in group", "not a member", "not in this group")) {
		return new RankError(ErrorKind.NotInGroup, said, details);
	}
	if (mentions(serviceMessage, "users below", "user below")) {
		return new RankError(ErrorKind.Forbidden, `${said}. The member's rank is at or above the bot account's.`, details);
	}
	if (mentions(serviceMessage, "below")) {
		return new RankError(ErrorKind.RankOutOfRange, `${said}. Hyra can only give ranks below the bot account's own.`, details);
	}
	if (status === 403) return new RankError(ErrorKind.Forbidden, said, details);
	if (status === 404) return new RankError(ErrorKind.NotFound, said, details);
	if (status === 400 || status === 200) {
		if (mentions(serviceMessage, "no role", "between", "rank does not exist", "invalid rank", "rank not found")) {
			return new RankError(ErrorKind.RankOutOfRange, said, details);
		}
		if (status === 400) return new RankError(ErrorKind.InvalidRequest, said, details);
	}
	// A failure may come with status 200 and `Success: false` (Hyra documents no statuses): what a
	// 403 or a 404 would have said is then read from the words.
	if (mentions(serviceMessage, "campfire managed", "only available to", "not allowed", "not for that group")) {
		return new RankError(ErrorKind.Forbidden, said, details);
	}
	if (mentions(serviceMessage, "not found", "no such", "does not exist", "no log entry")) return new RankError(ErrorKind.NotFound, said, details);
	return new RankError(ErrorKind.Unknown, said, details);
}
