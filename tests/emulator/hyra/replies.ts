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
 * The JSON body, or what is wrong with the request. The docs ask for `content-type: text/json`;
 * `application/json` is accepted too, as any JSON body parser does. Another content type is
 * refused as such (its body is not read, so naming missing fields would mislead).
 */
export function readHyraBody(request: EmulatorRequest): Record<string, unknown> | string {
	const sent = header(request, "content-type") ?? "";
	const [mediaType] = sent.lower().gsub("%s*;.*$", "");
	if (mediaType !== "text/json" && mediaType !== "application/json") {
		return `content-type must be text/json, got ${sent === "" ? "none" : `"${sent}"`}`;
	}
	return readJsonObject(request) ?? "The body must be a JSON object";
}

/**
 * A positive whole number sent as a JSON number or a string of digits: the endpoints page types
 * rankNumber, targetId and groupId as strings, the ranking page as integers.
 */
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
