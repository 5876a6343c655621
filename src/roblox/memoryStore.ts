// The shared map over MemoryStoreService (the engine's, or a stand-in with the same
// methods). Each call runs on a thread of its own (engineCall.ts), so the engine's call may yield
// there; its error becomes a RankError (see cloudErrors.ts).
import { MemoryStoreService } from "@rbxts/services";
import { Future } from "../core/future";
import { SharedMap, SharedStores } from "../core/stores";
import { cloudError } from "./cloudErrors";
import { engineCall } from "./engineCall";

/** The MemoryStoreHashMap methods RankBridge calls. */
export interface EngineHashMap {
	GetAsync(key: string): unknown;
	SetAsync(key: string, value: unknown, expiration: number): unknown;
	UpdateAsync(key: string, transform: (current: unknown) => unknown, expiration: number): unknown;
	RemoveAsync(key: string): void;
}

/** What RankBridge needs of MemoryStoreService. */
export interface MemoryStoreServiceLike {
	GetHashMap(name: string): EngineHashMap;
}

function call<T>(method: string, body: () => T): Future<T> {
	return engineCall(body, (raised) => cloudError("MemoryStore", method, raised));
}

/** Expirations are whole seconds; round up so an item never lives shorter than asked. */
function expiration(ttlSeconds: number): number {
	return math.ceil(ttlSeconds);
}

/** A MemoryStore hash map (keys up to 128 characters, values up to 32 KB, expiry up to 45 days). */
export class MemoryStoreMap implements SharedMap {
	private readonly map: EngineHashMap;

	constructor(name: string, service: MemoryStoreServiceLike = MemoryStoreService as unknown as MemoryStoreServiceLike) {
		this.map = service.GetHashMap(name);
	}

	update<T>(key: string, transform: (current: T | undefined) => T | undefined, ttlSeconds: number): Future<T | undefined> {
		return call(
			"UpdateAsync",
			() => this.map.UpdateAsync(key, (current) => transform(current as T | undefined), expiration(ttlSeconds)) as T | undefined,
		);
	}

	get<T>(key: string): Future<T | undefined> {
		return call("GetAsync", () => this.map.GetAsync(key) as T | undefined);
	}

	set(key: string, value: unknown, ttlSeconds: number): Future<void> {
		return call("SetAsync", () => {
			this.map.SetAsync(key, value, expiration(ttlSeconds));
		});
	}

	remove(key: string): Future<void> {
		return call("RemoveAsync", () => this.map.RemoveAsync(key));
	}
}

/**
 * The MemoryStore structures for one RankBridge namespace, on `service` (default: the engine's
 * MemoryStoreService).
 */
export function memoryStores(namespace: string, service?: MemoryStoreServiceLike): SharedStores {
	return { map: new MemoryStoreMap(`RankBridge/${namespace}`, service) };
}
