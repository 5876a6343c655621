import { HttpService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";
import { Future } from "../core/future";
import { Gate } from "../core/rateGate";
import { HttpMethod, HttpResponse, HttpTransport } from "../roblox/http";

export interface JsonCall<T> {
	method: HttpMethod;
	/** Path after the base URL, already URL-encoded where needed. */
	path: string;
	query?: Record<string, string | number | undefined>;
	body?: object;
	/** Checks the decoded body is the documented shape. */
	validate: (value: unknown) => value is T;
	/** What the call is, for error messages ("RankGun promote"). */
	what: string;
	/**
	 * Runs once the request has passed its gates, just before it is sent; if it rejects, nothing
	 * is sent and the call rejects with its reason. A slot the gates give must be used at once
	 * (they count it from when they gave it, with a margin of about a second for latency), so if
	 * this takes longer than FRESH_SECONDS the request goes through the gates again (the slot is
	 * spent unused), and runs this again; after FRESH_TRIES slow runs it is sent on the next slot
	 * without running this.
	 */
	beforeSend?: () => Future<unknown>;
}

/** How long a slot may wait for `beforeSend`: within the gates' margin, less a request's latency. */
const FRESH_SECONDS = 0.5;
const FRESH_TRIES = 2;

export interface JsonApiOptions {
	baseUrl: string;
	provider: string;
	timeout: number;
	transport: HttpTransport;
	/** Every gate a request must pass (the service's limits and this server's HTTP budget). */
	gates: ReadonlyArray<Gate>;
	/** Headers on every request (auth). */
	headers: () => Record<string, string | Secret>;
	contentType?: string;
	/** Turns a non-2xx answer into a RankError. */
	mapError: (response: HttpResponse, body: unknown, what: string) => RankError;
	/** Reads rate-limit hints off any answer and pauses the gates if the service asks. */
	observe?: (response: HttpResponse) => void;
	/** Monotonic seconds (the scheduler's), to time `beforeSend`. */
	now: () => number;
	/**
	 * True once this server is shutting down: a write still waiting for its rate slot then is
	 * not sent (the journal keeps its action for whoever adopts it).
	 */
	stopped?: () => boolean;
}

function encodeQuery(query: Record<string, string | number | undefined> | undefined): string {
	if (!query) return "";
	const parts = new Array<string>();
	for (const [name, value] of pairs(query)) {
		parts.push(`${HttpService.UrlEncode(name as string)}=${HttpService.UrlEncode(tostring(value))}`);
	}
	parts.sort();
	return parts.size() > 0 ? `?${parts.join("&")}` : "";
}

/** Decodes a JSON body; undefined if it is empty or not JSON. */
export function decodeJson(body: string): unknown {
	if (body === "") return undefined;
	const [ok, value] = pcall(() => HttpService.JSONDecode(body));
	return ok ? value : undefined;
}

/**
 * What arrived instead of the documented shape. @rbxts/t only answers true or false, so this
 * names the value's type and its top-level keys (never values: a body may carry a token).
 */
function describeShape(value: unknown): string {
	if (value === undefined) return "not JSON";
	if (!typeIs(value, "table")) return `a ${typeOf(value)}`;
	const keys = new Array<string>();
	for (const [key] of pairs(value as Record<string, unknown>)) keys.push(tostring(key));
	keys.sort();
	return keys.size() > 0 ? `a table with ${keys.join(", ")}` : "an empty table";
}

/** One JSON request to one service: paced, sent, decoded, checked, and mapped to RankError. */
export class JsonApi {
	/** Without trailing slashes, since every path starts with one. */
	private readonly baseUrl: string;

	constructor(private readonly options: JsonApiOptions) {
		this.baseUrl = options.baseUrl.gsub("/+$", "")[0];
	}

	/** One attempt. Resolves with the validated body; rejects with a RankError. */
	send<T>(call: JsonCall<T>): Future<T> {
		const options = this.options;
		const headers = options.headers();
		let body: string | undefined;
		if (call.body !== undefined) {
			body = HttpService.JSONEncode(call.body);
			headers["content-type"] = options.contentType ?? "application/json";
		}
		const url = `${this.baseUrl}${call.path}${encodeQuery(call.query)}`;
		const answer = new Future<T>();
		const gates = options.gates;
		let slow = 0;
		// A change is not sent once the server shuts down (the journal hands its action to another).
		const wanted = () => call.method === "GET" || options.stopped?.() !== true;
		const stopped = () => {
			if (wanted()) return false;
			answer.reject(new RankError(ErrorKind.ShuttingDown, `${call.what} was not sent: this server is shutting down.`));
			return true;
		};
		// Each gate passed hears when the answer comes back (the service has counted the request).
		let heard = new Array<() => void>();
		const pass = (index: number): boolean | void => {
			if (index === 0) {
				heard = [];
				if (stopped()) return;
			}
			if (index < gates.size()) {
				// Declined when the slot comes after the shutdown began: the gate gives it to the next.
				gates[index].acquire((answered) => {
					if (stopped()) return false;
					heard.push(answered);
					return pass(index + 1);
				}, wanted);
				return;
			}
			// Checked again right before sending: `beforeSend` may yield, and the server may begin to shut down meanwhile.
			const request = () => {
				if (stopped()) return;
				const answered = heard;
				options.transport.request({ url, method: call.method, headers, body, timeout: options.timeout }).listen((ok, value) => {
					if (ok) for (const hear of answered) hear();
					if (!ok) return answer.reject(value);
					const [read, result] = pcall(() => this.read(call, value as HttpResponse));
					if (read) answer.resolve(result);
					else answer.reject(result);
				});
			};
			if (call.beforeSend === undefined || slow >= FRESH_TRIES) return request();
			const passedAt = options.now();
			Future.try(call.beforeSend).listen((ok, value) => {
				if (!ok) return answer.reject(value);
				if (options.now() - passedAt <= FRESH_SECONDS) return request();
				slow += 1;
				pass(0);
			});
		};
		pass(0);
		return answer;
	}

	/** The validated body of an answer; raises a RankError for a failure or an unexpected shape. */
	private read<T>(call: JsonCall<T>, response: HttpResponse): T {
		const options = this.options;
		options.observe?.(response);
		const decoded = decodeJson(response.body);
		if (response.status < 200 || response.status > 299) throw options.mapError(response, decoded, call.what);
		if (!call.validate(decoded)) {
			throw new RankError(
				ErrorKind.InvalidResponse,
				`${call.what}: ${options.provider} answered ${response.status} with an unexpected body (${describeShape(decoded)}).`,
				{ status: response.status, provider: options.provider },
			);
		}
		return decoded;
	}
}
