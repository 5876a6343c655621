// The durable store over DataStoreService (the engine's, or a stand-in with the same methods):
// one DataStore named "RankBridge" with the namespace as its scope. Reads bypass the server's
// 4-second GetAsync cache, since a stale read of durable state could repeat work. Each call runs
// on a thread of its own (engineCall.ts), so the engine's call may yield (and wait in its
// throttle queue) there; its error becomes a RankError (see cloudErrors.ts).
// Limits: names, scopes and keys up to 50 characters, values up to 4,194,304 characters of JSON
// (https://create.roblox.com/docs/cloud-services/data-stores/error-codes-and-limits).
import { DataStoreService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";
import { Future } from "../core/future";
import { DurableStore } from "../core/stores";
import { cloudError } from "./cloudErrors";
import { engineCall } from "./engineCall";

/** The GlobalDataStore methods RankBridge calls. */
export interface EngineDataStore {
	GetAsync(key: string, options?: DataStoreGetOptions): LuaTuple<[unknown, unknown]>;
	SetAsync(key: string, value: unknown): unknown;
	UpdateAsync(key: string, transform: (current: unknown) => unknown): LuaTuple<[unknown, unknown]>;
	RemoveAsync(key: string): LuaTuple<[unknown, unknown]>;
}

/** What RankBridge needs of DataStoreService. */
export interface DataStoreServiceLike {
	GetDataStore(name: string, scope?: string): EngineDataStore;
	GetRequestBudgetForRequestType(requestType: Enum.DataStoreRequestType): number;
}

const NAME = "RankBridge";
const MAX_NAME = 50;
const STANDARD_READ = Enum.DataStoreRequestType.StandardRead;
const STANDARD_WRITE = Enum.DataStoreRequestType.StandardWrite;

function budgetOf(service: DataStoreServiceLike, requestType: Enum.DataStoreRequestType): number {
	return service.GetRequestBudgetForRequestType(requestType);
}

function call<T>(method: string, body: () => T): Future<T> {
	return engineCall(body, (raised) => cloudError("DataStore", method, raised));
}

export class DataStoreDurable implements DurableStore {
	private readonly store: EngineDataStore;
	private fresh?: DataStoreGetOptions;

	constructor(
		scope: string,
		private readonly service: DataStoreServiceLike = DataStoreService as unknown as DataStoreServiceLike,
	) {
		if (scope.size() === 0 || scope.size() > MAX_NAME) {
			throw new RankError(
				ErrorKind.InvalidRequest,
				`namespace "${scope}" cannot be a DataStore scope: it must be 1 to ${MAX_NAME} characters.`,
			);
		}
		this.store = service.GetDataStore(NAME, scope);
	}

	get<T>(key: string): Future<T | undefined> {
		return call("GetAsync", () => {
			if (!this.fresh) {
				this.fresh = new Instance("DataStoreGetOptions");
				this.fresh.UseCache = false;
			}
			const [value] = this.store.GetAsync(key, this.fresh);
			return value as T | undefined;
		});
	}

	update<T>(key: string, transform: (current: T | undefined) => T | undefined): Future<T | undefined> {
		return call("UpdateAsync", () => {
			const [value] = this.store.UpdateAsync(key, (current) => transform(current as T | undefined));
			return value as T | undefined;
		});
	}

	set(key: string, value: unknown): Future<void> {
		return call("SetAsync", () => {
			this.store.SetAsync(key, value);
		});
	}

	remove(key: string): Future<void> {
		return call("RemoveAsync", () => {
			this.store.RemoveAsync(key);
		});
	}

	budget(kind: "read" | "write"): number | undefined {
		const [ok, budget] = pcall(budgetOf, this.service, kind === "read" ? STANDARD_READ : STANDARD_WRITE);
		return ok ? budget : undefined;
	}
}

/** The durable store for one RankBridge namespace, on `service` (default: the engine's DataStoreService). */
export function dataStore(namespace: string, service?: DataStoreServiceLike): DurableStore {
	return new DataStoreDurable(namespace, service);
}
