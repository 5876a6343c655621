import { MemoryStoreService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";
import { SharedMap, SharedQueue, SharedQueueBatch, SharedStores } from "../core/stores";

function call<T>(what: string, body: () => T): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const [ok, result] = pcall(body);
		if (ok) resolve(result);
		else reject(new RankError(ErrorKind.Transient, `MemoryStore ${what} failed: ${result}`));
	});
}

/** A MemoryStore hash map (values up to 32 KB, expiry up to 45 days). */
export class MemoryStoreMap implements SharedMap {
	private readonly map: MemoryStoreHashMap;

	constructor(name: string) {
		this.map = MemoryStoreService.GetHashMap(name);
	}

	update<T>(key: string, transform: (current: T | undefined) => T | undefined, ttlSeconds: number): Promise<T | undefined> {
		return call("UpdateAsync", () => this.map.UpdateAsync(key, (current: T | undefined) => transform(current), math.floor(ttlSeconds)) as T | undefined);
	}

	get<T>(key: string): Promise<T | undefined> {
		return call("GetAsync", () => this.map.GetAsync(key) as T | undefined);
	}

	set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
		return call("SetAsync", () => {
			this.map.SetAsync(key, value, math.floor(ttlSeconds));
		});
	}

	remove(key: string): Promise<void> {
		return call("RemoveAsync", () => this.map.RemoveAsync(key));
	}
}

/** A MemoryStore queue: items read and not removed within the invisibility timeout come back. */
export class MemoryStoreSharedQueue implements SharedQueue {
	private readonly queue: MemoryStoreQueue;

	constructor(name: string, invisibilitySeconds: number) {
		this.queue = MemoryStoreService.GetQueue(name, invisibilitySeconds);
	}

	add(value: unknown, ttlSeconds: number): Promise<void> {
		return call("AddAsync", () => this.queue.AddAsync(value, math.floor(ttlSeconds)));
	}

	read(count: number): Promise<SharedQueueBatch | undefined> {
		return call("ReadAsync", () => {
			const [items, receipt] = this.queue.ReadAsync(count, false, 0);
			return items.size() > 0 && receipt !== undefined ? { items, receipt } : undefined;
		});
	}

	remove(receipt: string): Promise<void> {
		return call("RemoveAsync", () => this.queue.RemoveAsync(receipt));
	}
}

/** The game's MemoryStore structures for one RankBridge namespace. */
export function memoryStores(namespace: string, invisibilitySeconds = 60): SharedStores {
	return {
		map: new MemoryStoreMap(`RankBridge/${namespace}`),
		queue: new MemoryStoreSharedQueue(`RankBridge/${namespace}/handover`, invisibilitySeconds),
	};
}
