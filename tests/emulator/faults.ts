// Faults a test switches on for the next N matching requests.
import { EmulatorResponse, jsonResponse } from "./http";

export type ServiceName = "rankgun" | "hyra" | "opencloud";

export type FaultKind =
	/** Answer 500 with the service's error envelope. */
	| "serverError"
	/** Sit on the request past the client's timeout, then answer. */
	| "hang"
	/** Answer 200 with a body that is not JSON. */
	| "malformed"
	/** Answer 429 with Retry-After (RankGun with throttleAs403: 403 "Rate limit exceeded"). */
	| "rateLimited";

export interface FaultSpec {
	kind: FaultKind;
	/** How many matching requests it applies to; default 1. */
	count?: number;
	/** Only requests to this service; default any. */
	service?: ServiceName;
	/** Only requests whose path contains this plain text; default any. */
	pathContains?: string;
	/**
	 * Whether the request still takes effect before the fault answers (a promote that times out
	 * after it was applied). Default false: the request changes nothing.
	 */
	apply?: boolean;
	/** For "hang": seconds to wait; default 5. */
	seconds?: number;
	/** For "rateLimited": the Retry-After value to send, in seconds; default 1. */
	retryAfter?: number;
}

interface ActiveFault extends FaultSpec {
	remaining: number;
}

export class Faults {
	private readonly active = new Array<ActiveFault>();

	add(spec: FaultSpec) {
		this.active.push({ ...spec, remaining: spec.count ?? 1 });
	}

	clear() {
		this.active.clear();
	}

	/** How many faults are still armed (their remaining counts summed). */
	pending(): number {
		let total = 0;
		for (const fault of this.active) total += fault.remaining;
		return total;
	}

	/** Takes one use of the first fault matching the request, if any. */
	take(service: ServiceName, path: string): FaultSpec | undefined {
		const index = this.active.findIndex(
			(fault) =>
				(fault.service === undefined || fault.service === service) &&
				(fault.pathContains === undefined || path.find(fault.pathContains, 1, true)[0] !== undefined),
		);
		if (index === -1) return undefined;
		const fault = this.active[index];
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.active.remove(index);
		return fault;
	}
}

/** How a service writes the errors the emulator makes up: with a machine code or not, and how it throttles. */
export interface ErrorStyle {
	coded: boolean;
	throttleAs403: boolean;
}

const PLAIN: ErrorStyle = { coded: true, throttleAs403: false };

/** The response a fault gives in place of (or after) the real one. */
export function faultResponse(fault: FaultSpec, service: ServiceName, real: EmulatorResponse | undefined, style = PLAIN): EmulatorResponse {
	if (fault.kind === "hang") {
		const response = real ?? jsonResponse(504, { error: "upstream timed out" });
		return { ...response, hangSeconds: fault.seconds ?? 5 };
	}
	if (fault.kind === "malformed") {
		return { status: 200, headers: { "content-type": "text/html" }, body: "<html><body>Bad gateway</body></html>" };
	}
	if (fault.kind === "rateLimited") {
		if (service === "rankgun" && style.throttleAs403) return errorEnvelope(service, 403, "Rate limit exceeded", undefined, style);
		return errorEnvelope(service, 429, "Too many requests", { "retry-after": tostring(fault.retryAfter ?? 1) }, style);
	}
	return errorEnvelope(service, 500, "Internal server error", undefined, style);
}

/** Each service's own error body for a status the emulator makes up (faults, limits). */
export function errorEnvelope(
	service: ServiceName,
	status: number,
	message: string,
	headers?: Record<string, string>,
	style = PLAIN,
): EmulatorResponse {
	if (service === "rankgun") {
		if (!style.coded) return jsonResponse(status, { success: false, error: message }, headers);
		const code = status === 429 || status === 403 ? "RATE_LIMITED" : status >= 500 ? "INTERNAL_ERROR" : "ERROR";
		return jsonResponse(status, { success: false, code, error: message }, headers);
	}
	if (service === "hyra") {
		return jsonResponse(status, { Success: false, Message: message }, headers);
	}
	const code = status === 429 ? "RESOURCE_EXHAUSTED" : status === 503 ? "UNAVAILABLE" : "INTERNAL";
	return jsonResponse(status, { code, message }, headers);
}
