// HttpService for virtual-time specs and the benchmark: requests go straight to an in-process
// emulator (no sockets), take `latency` seconds of virtual time, and a "hang" fault becomes a
// timeout after the request's own Timeout, as RequestAsync reports it.
import type { Emulator } from "../../emulator";
import { Future } from "../../../src/core/future";
import { transportError, type HttpRequest, type HttpResponse, type HttpTransport } from "../../../src/roblox/http";
import type { VirtualScheduler } from "./virtualScheduler";

function splitUrl(url: string): { path: string; query: Record<string, string> } {
	const [withoutHost] = url.gsub("^https?://[^/]+", "");
	// eslint-disable-next-line roblox-ts/no-user-defined-lua-tuple -- string.match's captures, typed
	const [path, rest] = withoutHost.match("^([^?]*)%??(.*)$") as unknown as LuaTuple<[string, string]>;
	const query: Record<string, string> = {};
	for (const [name, value] of rest.gmatch("([^&=]+)=([^&]*)")) {
		const decode = (text: string) => text.gsub("%%(%x%x)", (hex: string) => string.char(tonumber(hex, 16)!))[0];
		query[decode(name as string)] = decode(value as string);
	}
	return { path, query };
}

/** Random faults on a share of requests, armed on the emulator just before it answers. */
export interface Chaos {
	/** Share of requests answered 500 without taking effect. */
	serverErrors: number;
	/** Share of requests that take effect, then hang past the client's timeout. */
	appliedTimeouts: number;
	random: () => number;
}

export class EmulatorTransport implements HttpTransport {
	/**
	 * Requests sent, and wall seconds spent inside the emulator and this transport (to subtract from
	 * library cost): parsing the URL, the latency timers (set and fired) and the bookkeeping are what
	 * the engine's HttpService does around a request in a game; the library's callbacks on the answer
	 * are not counted.
	 */
	requests = 0;
	emulatorSeconds = 0;
	/** Answers by status, for throttling figures. */
	readonly statuses = new Map<number, number>();
	/** When each request reached the emulator (its clock) and how it was answered, in order. */
	readonly arrivals = new Array<{ at: number; status: number }>();
	chaos?: Chaos;
	/**
	 * Seconds each request takes to reach the service and its answer to come back, if not half the
	 * latency each way: the services do not say how long a trip takes, nor that both ways match.
	 */
	trips?: () => [number, number];

	constructor(
		private readonly emulator: Emulator,
		private readonly scheduler: VirtualScheduler,
		private readonly latency = 0.05,
	) {}

	private armChaos() {
		const chaos = this.chaos;
		if (!chaos) return;
		const roll = chaos.random();
		if (roll < chaos.serverErrors) this.emulator.fault({ kind: "serverError" });
		else if (roll < chaos.serverErrors + chaos.appliedTimeouts) this.emulator.fault({ kind: "hang", apply: true, seconds: 60 });
	}

	request(request: HttpRequest): Future<HttpResponse> {
		// RequestAsync's Timeout: whole seconds, above zero, no more than the default request
		// timeout (https://create.roblox.com/docs/reference/engine/classes/HttpService#RequestAsync;
		// 30 s as in tests/harness/services.luau). The engine raises before sending anything.
		const timeout = request.timeout;
		if (timeout <= 0 || timeout > 30 || timeout !== math.floor(timeout)) {
			return Future.rejected(transportError(`Timeout must be a whole number of seconds from 1 to 30, got ${timeout}`));
		}
		const sending = os.clock();
		this.requests += 1;
		const { path, query } = splitUrl(request.url);
		const headers: Record<string, string> = {};
		for (const [name, value] of pairs(request.headers)) headers[(name as string).lower()] = tostring(value);
		const answered = new Future<HttpResponse>();
		const [there, back] = this.trips?.() ?? [this.latency / 2, this.latency / 2];
		this.scheduler.delay(there, () => {
			// From when the clock began firing this timer: the request's arrival is the network's work.
			const started = this.scheduler.firingSince;
			this.armChaos();
			const response = this.emulator.handle({ method: request.method, path, query, headers, body: request.body ?? "" });
			this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
			this.arrivals.push({ at: this.emulator.now(), status: response.status });
			if (response.hangSeconds !== undefined && response.hangSeconds + there + back >= request.timeout) {
				this.scheduler.delay(request.timeout - there, () => answered.reject(transportError("HttpError: Timedout")));
			} else {
				this.scheduler.delay(back + (response.hangSeconds ?? 0), () => {
					// Firing the answer's timer is the network's; what the answer runs is the library's.
					this.emulatorSeconds += os.clock() - this.scheduler.firingSince;
					answered.resolve({ status: response.status, headers: response.headers, body: response.body });
				});
			}
			this.emulatorSeconds += os.clock() - started;
		});
		this.emulatorSeconds += os.clock() - sending;
		return answered;
	}
}
