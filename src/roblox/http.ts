import { HttpService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";
import { Future } from "../core/future";
import { RateGate } from "../core/rateGate";
import { RobloxScheduler, Scheduler } from "../core/scheduler";
import { engineCall } from "./engineCall";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
	url: string;
	method: HttpMethod;
	headers: Record<string, string | Secret>;
	body?: string;
	/** Seconds before giving up. */
	timeout: number;
}

export interface HttpResponse {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string>;
	body: string;
}

/** Sends HTTP requests. The game uses HttpService; tests and the benchmark can stand in. */
export interface HttpTransport {
	/** Resolves with any HTTP answer (including 4xx/5xx); rejects with a RankError when no answer came. */
	request(request: HttpRequest): Future<HttpResponse>;
}

/** Turns what RequestAsync raises into a RankError whose message says what to do. */
export function transportError(raised: unknown): RankError {
	const message = tostring(raised);
	const has = (text: string) => message.lower().find(text.lower(), 1, true)[0] !== undefined;
	if (has("requests are not enabled")) {
		return new RankError(
			ErrorKind.HttpDisabled,
			"HTTP requests are off for this experience. In Studio open Game Settings > Security and turn on Allow HTTP Requests, then publish.",
		);
	}
	if (has("timedout") || has("timed out")) {
		return new RankError(ErrorKind.Timeout, "The service did not answer in time; the request may or may not have taken effect.");
	}
	if (has("exceeded limit")) {
		return new RankError(ErrorKind.RateLimited, `This game server is over Roblox's HTTP request budget (${message}).`, { retryAfter: 30 });
	}
	if (has("connectfail") || has("dnsresolve") || has("sslconnectfail") || has("netfail") || has("httperror")) {
		return new RankError(ErrorKind.ConnectionFailed, `Could not reach the service (${message}).`);
	}
	return new RankError(ErrorKind.Unknown, `HTTP request failed: ${message}`);
}

/** Roblox's per-server budgets: 500 requests a minute, plus 2,500 a minute to Open Cloud. */
export const SERVER_HTTP_LIMIT = { limit: 500, windowSeconds: 60, marginSeconds: 1 };
export const SERVER_OPEN_CLOUD_LIMIT = { limit: 2500, windowSeconds: 60, marginSeconds: 1 };

function isOpenCloud(url: string): boolean {
	return url.find("/cloud/", 1, true)[0] !== undefined;
}

/**
 * HttpService:RequestAsync, as a Future, paced to this server's HTTP budgets so that going
 * over them (which stalls or fails every request in the server) never happens. One per server.
 */
export class RobloxHttpTransport implements HttpTransport {
	private readonly general: RateGate;
	private readonly openCloud: RateGate;

	constructor(scheduler: Scheduler = new RobloxScheduler()) {
		this.general = new RateGate(scheduler, [SERVER_HTTP_LIMIT]);
		this.openCloud = new RateGate(scheduler, [SERVER_OPEN_CLOUD_LIMIT]);
	}

	request(request: HttpRequest): Future<HttpResponse> {
		const gate = isOpenCloud(request.url) ? this.openCloud : this.general;
		const answered = new Future<HttpResponse>();
		gate.acquire(() => answered.resolve(engineCall(() => send(request), transportError)));
		return answered;
	}
}

/** One RequestAsync (it yields); raises what the engine raised. */
function send(request: HttpRequest): HttpResponse {
	const result = HttpService.RequestAsync({
		Url: request.url,
		Method: request.method,
		Headers: request.headers,
		Body: request.body,
		Timeout: request.timeout,
	} as RequestAsyncRequest);
	const headers: Record<string, string> = {};
	for (const [name, value] of pairs(result.Headers)) headers[(name as string).lower()] = value;
	return { status: result.StatusCode, headers, body: result.Body };
}
