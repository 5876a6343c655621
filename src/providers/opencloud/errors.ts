// Open Cloud's answers to RankError kinds (https://create.roblox.com/docs/cloud/reference/errors). Two layers: the gateway answers
// `{errors:[{code, message}]}` (a bad or missing key), the v2 endpoints `{code, message}` with a
// gRPC-style code, which is what is branched on; the message only adds hints.
import { ErrorKind, RankError } from "../../core/errors";
import { parseRetryAfter } from "../../core/retryAfter";
import { HttpResponse } from "../../roblox/http";

export const PROVIDER = "Open Cloud";

function mentions(message: string, ...words: Array<string>): boolean {
	const lower = message.lower();
	return words.some((word) => lower.find(word, 1, true)[0] !== undefined);
}

/** Numbers in a rate-limit header, which may list several windows ("300, 300;w=60"). */
export function headerNumbers(value: string | undefined): Array<number> {
	const numbers = new Array<number>();
	if (value === undefined) return numbers;
	for (const item of value.split(",")) {
		const [figure] = item.match("^%s*(%d+%.?%d*)");
		const n = tonumber(figure);
		if (n !== undefined) numbers.push(n);
	}
	return numbers;
}

/** Seconds until the owner's rate-limit window resets, from x-ratelimit-reset (the longest listed). */
export function resetSeconds(response: HttpResponse): number | undefined {
	let longest: number | undefined;
	for (const n of headerNumbers(response.headers["x-ratelimit-reset"])) longest = math.max(longest ?? 0, n);
	return longest;
}

/** What an answer says about the body's error: the v2 code and the message. */
function describe(response: HttpResponse, body: unknown): { code?: string; message: string } {
	if (typeIs(body, "table")) {
		const fields = body as { code?: unknown; message?: unknown; errors?: unknown };
		if (typeIs(fields.errors, "table")) {
			const first = (fields.errors as Array<{ message?: unknown }>)[0];
			if (first && typeIs(first.message, "string")) return { message: first.message };
		}
		if (typeIs(fields.code, "string")) return { code: fields.code, message: typeIs(fields.message, "string") ? fields.message : "" };
	}
	return { message: response.body.sub(1, 200) };
}

export function openCloudError(response: HttpResponse, body: unknown, what: string, nowUnix: number): RankError {
	const status = response.status;
	const { code, message } = describe(response, body);
	const details = { status, code, provider: PROVIDER };
	const said = `${what}: Open Cloud answered ${status}${code !== undefined ? ` ${code}` : ""}: ${message}`;
	const is = (wanted: string, fallbackStatus: number) => code === wanted || (code === undefined && status === fallbackStatus);

	if (status === 401) {
		return new RankError(
			ErrorKind.InvalidKey,
			`${said}. Check the secret's value, that the key is enabled and not expired (keys unused for 60 days expire), and that the secret's domain is apis.roblox.com.`,
			details,
		);
	}
	if (is("RESOURCE_EXHAUSTED", 429)) {
		const retryAfter = parseRetryAfter(response.headers["retry-after"], nowUnix) ?? resetSeconds(response);
		return new RankError(ErrorKind.RateLimited, `${said}. The key owner's per-minute limit is spent (it counts every key of that owner).`, {
			...details,
			retryAfter,
		});
	}
	if (is("PERMISSION_DENIED", 403)) {
		let hint = "";
		if (mentions(message, "scope")) hint = " The key needs the group:read and group:write scopes, with this group added to it.";
		else if (mentions(message, "own")) hint = " The key's owner cannot change their own roles.";
		else if (mentions(message, "outrank", "rank")) hint = " The key's owner must outrank both the member and the role.";
		return new RankError(ErrorKind.Forbidden, `${said}.${hint}`, details);
	}
	if (is("NOT_FOUND", 404)) {
		if (mentions(message, "membership", "member")) return new RankError(ErrorKind.NotInGroup, said, details);
		return new RankError(ErrorKind.NotFound, said, details);
	}
	if (is("INVALID_ARGUMENT", 400)) {
		if (mentions(message, "guest", "owner"))
			return new RankError(ErrorKind.RankOutOfRange, `${said}. Guest and Owner are never assignable.`, details);
		return new RankError(ErrorKind.InvalidRequest, said, details);
	}
	// A concurrent change made the service give up; nothing was applied, and a retry (after a read) may work.
	if (is("ABORTED", 409) || is("CANCELLED", 499)) return new RankError(ErrorKind.Transient, said, details);
	if (is("NOT_IMPLEMENTED", 501)) return new RankError(ErrorKind.Unsupported, said, details);
	if (code === "INTERNAL" || code === "UNAVAILABLE" || status >= 500) return new RankError(ErrorKind.Transient, said, details);
	if (status === 403) return new RankError(ErrorKind.Forbidden, said, details);
	return new RankError(ErrorKind.Unknown, said, details);
}
