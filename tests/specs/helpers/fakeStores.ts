// In-memory stand-ins for MemoryStore, shared by the simulated servers of one spec, with the
// engine's semantics that matter here: atomic UpdateAsync, expiry, queue items that come back
// unless removed before their invisibility timeout, and faults a spec can switch on.
import { HttpService } from "@rbxts/services";
import type { SharedMap, SharedQueue, SharedQueueBatch, SharedStores } from "../../../src/core/stores";
import type { VirtualScheduler } from "./virtualScheduler";

/** MemoryStore stores a serialized copy: later changes to the caller's table must not leak in. */
function copy<T>(value: T): T {
	return HttpService.JSONDecode(HttpService.JSONEncode(value)) as T;
}

interface Entry {
	value: unknown;
	expiresAt: number;
}

/** Counts calls, and fails the next N of them as MemoryStore does under load. */
abstract class FaultyStore {
	/** Calls made, for cost checks. */
	calls = 0;
	/** The next N calls fail. */
	failNext = 0;
	/** Each call also fails when this says so (failures spread over every caller). */
	failWhen?: () => boolean;
	/** Real seconds spent inside this stand-in (a network service in a game), for CPU figures. */
	seconds = 0;

	/** Runs `body` as the store's own work, timed. */
	protected timed<T>(body: () => T): T {
		const started = os.clock();
		const result = body();
		this.seconds += os.clock() - started;
		return result;
	}

	protected charge(): Promise<void> {
		this.calls += 1;
		const failing = this.failNext > 0 || (this.failWhen?.() ?? false);
		if (failing) {
			this.failNext = math.max(0, this.failNext - 1);
			return Promise.reject("RequestThrottled: fake MemoryStore failure") as Promise<void>;
		}
		return Promise.resolve();
	}
}

export class FakeSharedMap extends FaultyStore implements SharedMap {
	private readonly entries = new Map<string, Entry>();
	/** Virtual seconds an update takes, as a round trip: half before the store acts, half after. */
	latency = 0;

	constructor(private readonly scheduler: VirtualScheduler) {
		super();
	}

	private halfway<T>(value: T): Promise<T> {
		return new Promise<T>((resolve) => this.scheduler.delay(this.latency / 2, () => resolve(value)));
	}

	private live(key: string): unknown {
		const entry = this.entries.get(key);
		if (!entry || entry.expiresAt <= this.scheduler.now()) return undefined;
		return entry.value;
	}

	update<T>(key: string, transform: (current: T | undefined) => T | undefined, ttlSeconds: number): Promise<T | undefined> {
		const act = () => this.timed(() => {
			const stored = this.live(key) as T | undefined;
			const current = stored === undefined ? undefined : copy(stored);
			const replaced = transform(current);
			if (replaced === undefined) return current;
			this.entries.set(key, { value: copy(replaced), expiresAt: this.scheduler.now() + ttlSeconds });
			return copy(replaced);
		});
		if (this.latency <= 0) return this.charge().then(act);
		return this.charge()
			.then(() => this.halfway(undefined))
			.then(act)
			.then((stored) => this.halfway(stored));
	}

	get<T>(key: string): Promise<T | undefined> {
		return this.charge().then(() => this.timed(() => {
			const stored = this.live(key) as T | undefined;
			return stored === undefined ? undefined : copy(stored);
		}));
	}
}

interface QueueItem {
	value: unknown;
	expiresAt: number;
	invisibleUntil: number;
	receipt?: string;
}

export class FakeSharedQueue extends FaultyStore implements SharedQueue {
	private items = new Array<QueueItem>();
	private receipts = 0;

	constructor(
		private readonly scheduler: VirtualScheduler,
		private readonly invisibilitySeconds = 30,
	) {
		super();
	}

	/** Items still stored (visible or not). */
	size(): number {
		const now = this.scheduler.now();
		return this.items.filter((item) => item.expiresAt > now).size();
	}

	add(value: unknown, ttlSeconds: number): Promise<void> {
		return this.charge().then(() => this.timed(() => {
			this.items.push({ value: copy(value), expiresAt: this.scheduler.now() + ttlSeconds, invisibleUntil: 0 });
		}));
	}

	read(count: number): Promise<SharedQueueBatch | undefined> {
		return this.charge().then(() => this.timed(() => {
			const now = this.scheduler.now();
			this.items = this.items.filter((item) => item.expiresAt > now);
			const visible = this.items.filter((item) => item.invisibleUntil <= now).filter((_, index) => index < count);
			if (visible.size() === 0) return undefined;
			const receipt = `r${++this.receipts}`;
			for (const item of visible) {
				item.invisibleUntil = now + this.invisibilitySeconds;
				item.receipt = receipt;
			}
			return { items: visible.map((item) => copy(item.value)), receipt };
		}));
	}

	remove(receipt: string): Promise<void> {
		return this.charge().then(() => this.timed(() => {
			this.items = this.items.filter((item) => item.receipt !== receipt || item.invisibleUntil <= this.scheduler.now());
		}));
	}
}

export function fakeStores(scheduler: VirtualScheduler): SharedStores & { map: FakeSharedMap; queue: FakeSharedQueue } {
	return { map: new FakeSharedMap(scheduler), queue: new FakeSharedQueue(scheduler) };
}
