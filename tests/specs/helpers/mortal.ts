// A simulated server that can crash: no BindToClose, no last words. Once killed, its timers never
// fire and no answer from HttpService or the shared stores reaches it again, exactly as when a
// game server process dies; requests it already sent still reach the service, and store writes
// it already made stay made.
import { Future } from "../../../src/core/future";
import type { Scheduler } from "../../../src/core/scheduler";
import type { DurableStore, SharedMap, SharedStores } from "../../../src/core/stores";
import type { HttpRequest, HttpResponse, HttpTransport } from "../../../src/roblox/http";

export class Mortality {
	dead = false;

	/** A future that settles like `future` while the server lives, and never once it is dead. */
	guard<T>(future: Future<T>): Future<T> {
		const guarded = new Future<T>();
		future.listen((ok, value) => {
			if (this.dead) return;
			if (ok) guarded.resolve(value as T);
			else guarded.reject(value);
		});
		return guarded;
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
			request(request: HttpRequest): Future<HttpResponse> {
				return mortality.dead ? new Future<HttpResponse>() : mortality.guard(inner.request(request));
			},
		};
	}

	stores(inner: SharedStores): SharedStores {
		const guard = <T>(call: () => Future<T>): Future<T> => (this.dead ? new Future<T>() : this.guard(call()));
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
