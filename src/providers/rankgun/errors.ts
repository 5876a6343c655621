// RankGun's answers to RankError kinds. RankGun's envelope is {success:false, code, error};
// `code` is documented as stable, but older endpoints send no code and most 400/403 codes are
// undocumented, so the message text is read too. A 403 means a bad key OR a spent monthly
// quota; when neither code nor text says which (or the text names both), the answer is an
// UnexplainedForbidden and the client asks /api/workspace (see client.ts).
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

/** A 403 without a code whose text does not tell a bad key from a spent quota. */
export class UnexplainedForbidden extends RankError {}

/** A 403 that is not about the key: the monthly rank quota. */
function looksLikeQuota(code: string | undefined, message: string): boolean {
	return mentions(code ?? "", "LIMIT", "QUOTA") || mentions(message, "monthly", "quota", "limit exceeded", "rank limit");
}

export function rankGunError(response: HttpResponse, body: unknown, what: string, nowUnix: number): RankError {
	const status = response.status;
	const code = field(body, "code");
	const serviceMessage = field(body, "error") ?? field(body, "message") ?? response.body.sub(1, 200);
	const details = { status, code, provider: PROVIDER };
	const said = `${what}: RankGun answered ${status}${code !== undefined ? ` ${code}` : ""}: ${serviceMessage}`;

	if (status === 401) {
		return new RankError(ErrorKind.InvalidKey, `${said}. No API key reached RankGun: check the secret's value and that its domain allows api.rankgun.works.`, details);
	}
	if (status === 402) {
		const upgrade = field(body, "upgradeUrl");
		return new RankError(ErrorKind.UpgradeRequired, `${said}. This needs a RankGun Elite workspace${upgrade !== undefined ? ` (${upgrade})` : ""}.`, details);
	}
	if (status === 403) {
		const badKey = `${said}. The key may have been regenerated: copy it again from the workspace settings into the secret.`;
		const spent = `${said}. The workspace's monthly rank actions are used up until the quota resets.`;
		if (code === "INVALID_API_KEY") return new RankError(ErrorKind.InvalidKey, badKey, details);
		if (mentions(code ?? "", "DEACTIVATED") || (code === undefined && mentions(serviceMessage, "deactivated"))) {
			return new RankError(ErrorKind.Forbidden, `${said}. The RankGun workspace is deactivated.`, details);
		}
		// A rank guard: the rank exists, but the workspace's policy forbids handing it out.
		if (mentions(code ?? "", "MAX_RANK") || mentions(serviceMessage, "maximum rank")) {
			return new RankError(ErrorKind.Forbidden, `${said}. The workspace's Maximum Rank setting blocks this rank.`, details);
		}
		const quota = looksLikeQuota(code, serviceMessage);
		if (code !== undefined) return new RankError(quota ? ErrorKind.QuotaExhausted : ErrorKind.Forbidden, quota ? spent : said, details);
		const key = mentions(serviceMessage, "api key", "token");
		if (quota && !key) return new RankError(ErrorKind.QuotaExhausted, spent, details);
		if (key && !quota) return new RankError(ErrorKind.InvalidKey, badKey, details);
		return new UnexplainedForbidden(ErrorKind.Forbidden, said, details);
	}
	if (status === 404) return new RankError(ErrorKind.NotFound, said, details);
	if (status === 409) return new RankError(ErrorKind.Conflict, said, details);
	if (status === 429) {
		return new RankError(ErrorKind.RateLimited, `${said}. RankGun allows 100 requests a minute per workspace.`, {
			...details,
			retryAfter: parseRetryAfter(response.headers["retry-after"], nowUnix),
		});
	}
	if (status >= 500) return new RankError(ErrorKind.Transient, said, details);
	if (status === 400) {
		if (code === "INVALID_RANK_ID" || code === "INVALID_FORM_ID") return new RankError(ErrorKind.InvalidRequest, said, details);
		if (mentions(code ?? "", "NOT_MANAGEABLE") || mentions(serviceMessage, "cannot manage", "can't manage")) {
			return new RankError(ErrorKind.Forbidden, `${said}. RankGun's ranking account cannot rank this member (their rank is at or above its own).`, details);
		}
		if (mentions(serviceMessage, "not in the group", "not in group", "not a member of the group", "not a group member") || mentions(code ?? "", "NOT_IN_GROUP")) {
			return new RankError(ErrorKind.NotInGroup, said, details);
		}
		if (
			mentions(code ?? "", "RANK") ||
			mentions(serviceMessage, "top rank", "highest rank", "lowest rank", "bottom rank", "rank does not exist", "maximum rank", "rank not found")
		) {
			return new RankError(ErrorKind.RankOutOfRange, said, details);
		}
		return new RankError(ErrorKind.InvalidRequest, said, details);
	}
	return new RankError(ErrorKind.Unknown, said, details);
}
