import { DataStoreService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";
import { DurableStore } from "../core/stores";

function call<T>(what: string, body: () => T): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const [ok, result] = pcall(body);
		if (ok) resolve(result);
		else reject(new RankError(ErrorKind.Transient, `DataStore ${what} failed: ${result}`));
	});
}

/** The GlobalDataStore methods used here, as the engine documents them. */
interface DataStoreLike {
	GetAsync(key: string): LuaTuple<[unknown]>;
	UpdateAsync(key: string, transform: (current: unknown) => unknown): LuaTuple<[unknown]>;
	SetAsync(key: string, value: unknown): void;
	RemoveAsync(key: string): void;
}

/** A DataStore: values up to 4 MB, kept until removed. */
export class DataStoreDurable implements DurableStore {
	private readonly store: DataStoreLike;

	constructor(name: string) {
		this.store = DataStoreService.GetDataStore(name) as unknown as DataStoreLike;
	}

	get<T>(key: string): Promise<T | undefined> {
		return call("GetAsync", () => this.store.GetAsync(key)[0] as T | undefined);
	}

	update<T>(key: string, transform: (current: T | undefined) => T | undefined): Promise<T | undefined> {
		return call("UpdateAsync", () => this.store.UpdateAsync(key, (current) => transform(current as T | undefined))[0] as T | undefined);
	}

	set(key: string, value: unknown): Promise<void> {
		return call("SetAsync", () => {
			this.store.SetAsync(key, value);
		});
	}

	remove(key: string): Promise<void> {
		return call("RemoveAsync", () => {
			this.store.RemoveAsync(key);
		});
	}

	budget(kind: "read" | "write"): number | undefined {
		const [ok, left] = pcall(() =>
			DataStoreService.GetRequestBudgetForRequestType(kind === "read" ? Enum.DataStoreRequestType.GetAsync : Enum.DataStoreRequestType.SetIncrementAsync),
		);
		return ok ? left : undefined;
	}
}
