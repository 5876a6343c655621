// RankGun's response envelopes.
import { EmulatorResponse, jsonResponse } from "../http";
import { JsonValue } from "../json";

/** A failure before it is written in one envelope or the other. */
export interface Failure {
	readonly status: number;
	readonly code: string;
	readonly message: string;
	readonly extra?: Record<string, JsonValue>;
	readonly headers?: Record<string, string>;
}

export function failure(status: number, code: string, message: string, extra?: Record<string, JsonValue>): Failure {
	return { status, code, message, extra };
}

export function isFailure(value: unknown): value is Failure {
	return typeIs(value, "table") && typeIs((value as Failure).code, "string") && typeIs((value as Failure).status, "number");
}

/** The current envelope: `{success:false, code, error}` (plus e.g. `upgradeUrl` on 402). */
export function errorResponse(fail: Failure): EmulatorResponse {
	const body: Record<string, JsonValue> = { success: false, code: fail.code, error: fail.message };
	if (fail.extra) for (const [name, value] of pairs(fail.extra)) body[name] = value;
	return jsonResponse(fail.status, body, fail.headers);
}

/** The V3 envelope, which predates machine codes: `{success:false, error}`. */
export function legacyErrorResponse(fail: Failure): EmulatorResponse {
	return jsonResponse(fail.status, { success: false, error: fail.message }, fail.headers);
}

export function ok(body: JsonValue, status = 200): EmulatorResponse {
	return jsonResponse(status, body);
}
