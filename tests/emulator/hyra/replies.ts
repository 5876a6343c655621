// Reading Hyra requests and writing its failures.
//
// Hyra documents no error bodies, statuses or per-minute limit for ranking.hyra.io, only
// successes. The emulator's choice: a failure mirrors the casing of the endpoint's own success
// body ({Success:false, Message} for /rank and /message, {success:false, message} for the token
// and log endpoints), with 400 for a bad body, 401 for an unknown token or cookie, 403 for what
// the account may not do, 404 for an unknown group or log index, 429 once the daily quota is
// spent; no per-minute limit is enforced.
import { EmulatorRequest, EmulatorResponse, header, jsonResponse, readJsonObject } from "../http";

/** A failure of `/token`, `/spin`, `/token/{token}` or `/logs/{token}`. */
export function tokenFailure(status: number, message: string): EmulatorResponse {
	return jsonResponse(status, { success: false, message });
}

/** A failure of `/rank` or `/message`. */
export function actionFailure(status: number, message: string): EmulatorResponse {
	return jsonResponse(status, { Success: false, Message: message });
}

/**
 * The JSON body, or undefined if it is missing, not an object, or not sent as JSON. The docs
 * ask for `content-type: text/json`; `application/json` is accepted too, as any JSON body
 * parser does. Another content type leaves the body unread, so its fields count as missing.
 */
export function readHyraBody(request: EmulatorRequest): Record<string, unknown> | undefined {
	const [mediaType] = (header(request, "content-type") ?? "").lower().gsub("%s*;.*$", "");
	if (mediaType !== "text/json" && mediaType !== "application/json") return undefined;
	return readJsonObject(request);
}

/** A positive whole number sent as a JSON number or a string of digits (the docs disagree). */
export function positiveInteger(value: unknown): number | undefined {
	let n: number | undefined;
	if (typeIs(value, "number")) n = value;
	else if (typeIs(value, "string") && value.match("^%d+$")[0] !== undefined) n = tonumber(value);
	if (n === undefined || n !== math.floor(n) || n <= 0) return undefined;
	return n;
}

export function nonEmptyString(value: unknown): string | undefined {
	return typeIs(value, "string") && value !== "" ? value : undefined;
}
