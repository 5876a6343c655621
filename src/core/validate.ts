// Argument checks run before any request, so a mistake costs no quota and the error names the
// argument and what to fix.
import { ErrorKind, RankError } from "./errors";

/** Timestamps above this are milliseconds (the year 2286 in seconds); the services refuse them too. */
export const MAX_UNIX_SECONDS = 10_000_000_000;

/**
 * The largest user or group id accepted: 2^53 - 1. Roblox ids are 64-bit integers (Player.UserId
 * is an int64), but they travel as JSON numbers and live in Luau numbers, which hold every
 * integer only up to 2^53 (RFC 8259 section 6); a larger id could be sent as a different one.
 */
export const MAX_ID = 9_007_199_254_740_991;

function fail(what: string, message: string): never {
	throw new RankError(ErrorKind.InvalidRequest, `${what} ${message}`);
}

function describe(value: unknown): string {
	return typeIs(value, "string") ? `"${value}"` : tostring(value);
}

export function positiveInteger(value: unknown, what: string): number {
	if (!typeIs(value, "number") || value !== value || value < 1 || value % 1 !== 0 || value === math.huge) {
		fail(what, `must be a positive whole number, got ${describe(value)}`);
	}
	return value;
}

/** A Roblox user (or group) id: a whole number from 1 to MAX_ID. */
export function userId(value: unknown, what = "userId"): number {
	if (typeIs(value, "Instance") && value.IsA("Player")) {
		fail(what, `must be a user id (a number), got the Player ${value.Name}: pass player.UserId, not the Player`);
	}
	const id = positiveInteger(value, what);
	if (id > MAX_ID) fail(what, `must be at most 2^53 - 1 (${MAX_ID}), the largest id a number holds exactly; got ${id}`);
	return id;
}

export function integerInRange(value: unknown, what: string, min: number, max: number): number {
	if (!typeIs(value, "number") || value % 1 !== 0 || value < min || value > max) {
		fail(what, `must be a whole number from ${min} to ${max}, got ${describe(value)}`);
	}
	return value;
}

/** A Unix time in whole seconds, as RankGun takes every time. */
export function unixSeconds(value: unknown, what: string): number {
	if (!typeIs(value, "number") || value !== value || value <= 0) fail(what, `must be a Unix time in seconds, got ${describe(value)}`);
	if (value > MAX_UNIX_SECONDS) {
		fail(what, `looks like milliseconds (${"%.0f".format(value)}); timestamps are Unix seconds, so divide by 1000`);
	}
	if (value % 1 !== 0) fail(what, `must be a whole number of seconds, got ${value}; round it (math.floor)`);
	return value;
}

export function nonEmptyString(value: unknown, what: string): string {
	if (!typeIs(value, "string") || value.match("%S")[0] === undefined) fail(what, `must be a non-empty string, got ${describe(value)}`);
	return value;
}

/**
 * A value sent as one segment of a URL path (a session id, form id, token...). Refused: empty,
 * "." and ".." (a URL resolves them to the current or parent path, so the request would go
 * elsewhere), and "/", "?", "#", "%" or control characters (they end or change the path, or
 * would be read as an escape). `hidden` keeps the value out of the message (a token).
 */
export function pathSegment(value: unknown, what: string, hidden = false): string {
	const shown = (text: string) => (hidden ? "" : ` "${text}"`);
	if (!typeIs(value, "string") || value.match("%S")[0] === undefined) {
		fail(what, `must be a non-empty string, got ${hidden ? typeOf(value) : describe(value)}`);
	}
	if (value === "." || value === "..") fail(what, `cannot be${shown(value)}: it is not an id, and in a URL it names another path`);
	if (value.find("[/?#%%%c]")[0] !== undefined) {
		fail(
			what,
			`cannot contain /, ?, #, % or control characters${hidden ? "" : `, got "${value.gsub("%c", "?")[0]}"`}; check it is the id itself, not a URL or path`,
		);
	}
	return value;
}

export function optionalString(value: unknown, what: string): string | undefined {
	if (value !== undefined && !typeIs(value, "string")) fail(what, `must be a string, got ${describe(value)}`);
	return value;
}

export function oneOf<T extends string>(value: unknown, what: string, allowed: ReadonlyArray<T>): T {
	if (!typeIs(value, "string") || !allowed.includes(value as T)) {
		fail(what, `must be one of ${allowed.join(", ")}; got ${describe(value)}`);
	}
	return value as T;
}

export function record(value: unknown, what: string): Record<string, unknown> {
	if (!typeIs(value, "table")) fail(what, `must be a table, got ${describe(value)}`);
	return value as Record<string, unknown>;
}
