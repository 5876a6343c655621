// Keeping credentials out of what RankBridge says. A service may echo a request back in an
// error (a path holding a Hyra token, a body, a header), and it echoes it in its own encoding:
// as sent, URL-encoded (either case of hex, spaces as + or %20) or escaped inside a JSON
// string. Every form of every credential is replaced before an error or warning leaves a client.
import { HttpService } from "@rbxts/services";
import { RankError, toRankError } from "../core/errors";

const PLACEHOLDER = "<redacted>";

/** The ways `secret` can appear in text a service sends back. */
function forms(secret: string): Array<string> {
	const encoded = HttpService.UrlEncode(secret);
	const [lowerHex] = encoded.gsub("%%(%x%x)", (hex: string) => `%${hex.lower()}`);
	const [plusSpaces] = encoded.gsub("%%20", "+");
	const [json] = HttpService.JSONEncode(secret).gsub('^"(.*)"$', "%1");
	const all = new Array<string>();
	for (const form of [secret, encoded, lowerHex, plusSpaces, json]) if (!all.includes(form)) all.push(form);
	// Longest first, so a form containing another is replaced whole.
	all.sort((a, b) => a.size() > b.size());
	return all;
}

function replacePlain(text: string, form: string): string {
	let result = text;
	let from = 1;
	for (;;) {
		const [first, last] = result.find(form, from, true);
		if (first === undefined || last === undefined) return result;
		result = `${result.sub(1, first - 1)}${PLACEHOLDER}${result.sub(last + 1)}`;
		from = first + PLACEHOLDER.size();
	}
}

/** `text` with every form of every secret replaced by a placeholder. */
export function redact(text: string, secrets: ReadonlyArray<string>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret === "") continue;
		for (const form of forms(secret)) result = replacePlain(result, form);
	}
	return result;
}

/** The same failure with every secret taken out of its message. */
export function redacted(raised: unknown, secrets: ReadonlyArray<string>): RankError {
	const failure = toRankError(raised);
	const message = redact(failure.message, secrets);
	if (message === failure.message) return failure;
	return new RankError(failure.kind, message, {
		status: failure.status,
		code: failure.code,
		provider: failure.provider,
		retryAfter: failure.retryAfter,
	});
}
