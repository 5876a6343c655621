// Input checks shared by the routes. Codes for 400s are not documented outside the centres;
// the emulator names each cause in the style of the documented ones (INVALID_RANK_ID...).
import { EmulatorRequest, readJsonObject } from "../http";
import { failure, Failure } from "./responses";

/** RankGun rejects larger times as milliseconds (docs: > 10,000,000,000, about year 2286). */
export const MAX_SECONDS = 10000000000;

export type Body = Record<string, unknown>;

export function readBody(request: EmulatorRequest): Body | Failure {
	return readJsonObject(request) ?? failure(400, "INVALID_BODY", "The request body must be a JSON object.");
}

export function isPositiveInteger(value: unknown): value is number {
	return typeIs(value, "number") && value > 0 && value === math.floor(value) && value < 2 ** 53;
}

/** A Roblox user id from a path segment: digits only and not zero. */
export function parseUserIdText(text: string): number | undefined {
	if (text.match("^%d+$")[0] === undefined) return undefined;
	const value = tonumber(text);
	return isPositiveInteger(value) ? value : undefined;
}

/**
 * A time in Unix seconds, rejecting milliseconds with the documented hint. The docs give every
 * time as whole seconds; a fraction is refused rather than quietly cut off.
 */
export function timestamp(value: unknown, field: string): number | Failure {
	if (!typeIs(value, "number") || value !== value || value < 0) {
		return failure(400, "INVALID_TIMESTAMP", `${field} must be a Unix timestamp in seconds.`);
	}
	if (value > MAX_SECONDS) {
		return failure(
			400,
			"INVALID_TIMESTAMP",
			`${field} looks like milliseconds (${"%.0f".format(value)}). RankGun timestamps are Unix seconds: divide by 1000.`,
		);
	}
	if (value !== math.floor(value)) return failure(400, "INVALID_TIMESTAMP", `${field} must be a whole number of seconds.`);
	return value;
}

/** A query time: a number in seconds, the same millisecond rule. */
export function queryTimestamp(text: string | undefined, field: string): number | undefined | Failure {
	if (text === undefined || text === "") return undefined;
	const value = tonumber(text);
	if (value === undefined) return failure(400, "INVALID_TIMESTAMP", `${field} must be a Unix timestamp in seconds.`);
	return timestamp(value, field);
}

/** A query `limit`: an integer in [1, max]; above max either clamps or fails, per endpoint. */
export function queryLimit(text: string | undefined, defaultLimit: number, max: number, clamp: boolean): number | Failure {
	if (text === undefined || text === "") return defaultLimit;
	const value = tonumber(text);
	if (value === undefined || value !== math.floor(value)) return failure(400, "INVALID_LIMIT", "limit must be a whole number.");
	if (value < 1) return failure(400, "INVALID_LIMIT", "limit must be a positive number.");
	if (value > max) return clamp ? max : failure(400, "INVALID_LIMIT", `limit must be between 1 and ${max}.`);
	return value;
}

/** An optional string field: absent is fine, anything but a string is not. */
export function optionalString(body: Body, field: string): string | undefined | Failure {
	const value = body[field];
	if (value === undefined) return undefined;
	if (!typeIs(value, "string")) return failure(400, "INVALID_BODY", `${field} must be a string.`);
	return value;
}
