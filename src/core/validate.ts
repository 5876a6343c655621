// Argument checks run before any request, so a mistake costs no quota and the error names the
// argument and what to fix.
import { ErrorKind, RankError } from "./errors";

/** Timestamps above this are milliseconds (the year 2286 in seconds); the services refuse them too. */
export const MAX_UNIX_SECONDS = 10_000_000_000;

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

export function userId(value: unknown, what = "userId"): number {
	if (typeIs(value, "Instance") && value.IsA("Player")) {
		fail(what, `must be a user id (a number), got the Player ${value.Name}: pass player.UserId, not the Player`);
	}
	return positiveInteger(value, what);
}

export function integerInRange(value: unknown, what: string, min: number, max: number): number {
	if (!typeIs(value, "number") || value % 1 !== 0 || value < min || value > max) {
		fail(what, `must be a whole number from ${min} to ${max}, got ${describe(value)}`);
	}
	return value;
}

export function unixSeconds(value: unknown, what: string): number {
	if (!typeIs(value, "number") || value !== value || value <= 0) fail(what, `must be a Unix time in seconds, got ${describe(value)}`);
	if (value > MAX_UNIX_SECONDS) {
		fail(what, `looks like milliseconds (${value}); timestamps are Unix seconds, so divide by 1000`);
	}
	return value;
}

export function nonEmptyString(value: unknown, what: string): string {
	if (!typeIs(value, "string") || value.match("%S")[0] === undefined) fail(what, `must be a non-empty string, got ${describe(value)}`);
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
