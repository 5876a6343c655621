// A simulated server that can crash: no BindToClose, no last words. Once killed, its timers never
// fire and no answer from HttpService or the shared stores reaches it again, exactly as when a
// game server process dies; requests it already sent still reach the service, and store writes
// it already made stay made.
import type { Scheduler } from "../../../src/core/scheduler";
import type { DurableStore, SharedMap, SharedStores } from "../../../src/core/stores";
import type { HttpRequest, HttpResponse, HttpTransport } from "../../../src/roblox/http";

export class Mortality {
	dead = false;

	/** A promise that settles like `promise` while the server lives, and never once it is dead. */
	guard<T>(promise: Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			promise.then(
				(value) => {
					if (!this.dead) resolve(value);
				},
				(failure) => {
					if (!this.dead) reject(failure);
				},
			);
		});
	}

	scheduler(inner: Scheduler): Scheduler {
		const mortality = this;
		return {
			now() {
				return inner.now();
			},
			unixTime() {
				return inner.unixTime();
			},
			delay(seconds, callback) {
				return inner.delay(seconds, () => {
					if (!mortality.dead) callback();
				});
			},
		};
	}

	transport(inner: HttpTransport): HttpTransport {
		const mortality = this;
		return {
			request(request: HttpRequest): Promise<HttpResponse> {
				return mortality.dead ? new Promise<HttpResponse>(() => undefined) : mortality.guard(inner.request(request));
			},
		};
	}

	stores(inner: SharedStores): SharedStores {
		const guard = <T>(call: () => Promise<T>): Promise<T> => (this.dead ? new Promise<T>(() => undefined) : this.guard(call()));
		const map: SharedMap = {
			update(key, transform, ttl) {
				return guard(() => inner.map.update(key, transform, ttl));
			},
			get(key) {
				return guard(() => inner.map.get(key));
			},
			set(key, value, ttl) {
				return guard(() => inner.map.set(key, value, ttl));
			},
			remove(key) {
				return guard(() => inner.map.remove(key));
			},
		};
		const durable = inner.durable;
		const wrapped: DurableStore | undefined = durable && {
			get(key) {
				return guard(() => durable.get(key));
			},
			update(key, transform) {
				return guard(() => durable.update(key, transform));
			},
			set(key, value) {
				return guard(() => durable.set(key, value));
			},
			remove(key) {
				return guard(() => durable.remove(key));
			},
			budget(kind) {
				return durable.budget(kind);
			},
		};
		return { map, durable: wrapped };
	}
}
