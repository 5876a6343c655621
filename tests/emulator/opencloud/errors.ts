// Open Cloud's two error layers (https://create.roblox.com/docs/cloud/reference/errors): the
// gateway's `{errors:[{code, message}]}` for authentication, and the v2 endpoints'
// `{code, message, details?}`.
import { EmulatorResponse, jsonResponse } from "../http";

export type CloudCode =
	| "INVALID_ARGUMENT"
	| "PERMISSION_DENIED"
	| "NOT_FOUND"
	| "ABORTED"
	| "RESOURCE_EXHAUSTED"
	| "CANCELLED"
	| "INTERNAL"
	| "NOT_IMPLEMENTED"
	| "UNAVAILABLE";

const STATUS: Record<CloudCode, number> = {
	INVALID_ARGUMENT: 400,
	PERMISSION_DENIED: 403,
	NOT_FOUND: 404,
	ABORTED: 409,
	RESOURCE_EXHAUSTED: 429,
	CANCELLED: 499,
	INTERNAL: 500,
	NOT_IMPLEMENTED: 501,
	UNAVAILABLE: 503,
};

/** A v2 endpoint's error, with the status the docs give its code. */
export function cloudError(code: CloudCode, message: string, headers?: Record<string, string>): EmulatorResponse {
	return jsonResponse(STATUS[code], { code, message }, headers);
}

/** The gateway's answer to a missing or unknown key; its status is not documented, 401 is assumed. */
export function invalidApiKey(): EmulatorResponse {
	return jsonResponse(401, { errors: [{ code: 0, message: "Invalid API Key" }] });
}
