// RankBridge's shared stores as a game gets them by default, through the library's own adapters
// (src/roblox/memoryStore.ts, dataStore.ts), over one server of a stand-in experience.
import { dataStore } from "../../../src/roblox/dataStore";
import { memoryStores } from "../../../src/roblox/memoryStore";
import type { SharedStores } from "../../../src/core/stores";
import type { CloudServer } from "../../cloud";
import type { VirtualScheduler } from "./virtualScheduler";

/** The namespace a RankGun bridge with the default `namespace` uses. */
export const DEFAULT_NAMESPACE = "rankgun/default";

export function cloudStores(server: CloudServer, namespace = DEFAULT_NAMESPACE): SharedStores {
	return { ...memoryStores(namespace, server.MemoryStoreService), durable: dataStore(namespace, server.DataStoreService) };
}

/** The MemoryStore hash map a namespace keeps its budget, lanes and registry in. */
export function mapName(namespace = DEFAULT_NAMESPACE): string {
	return `RankBridge/${namespace}`;
}

/** How a call to a stand-in ended: its result, or the text of the error it raised. */
export interface CallOutcome<T> {
	done: boolean;
	ok: boolean;
	value?: T;
	error: string;
}

/** Starts `body` on its own thread, as game code calls the engine; the outcome fills in when it returns. */
export function startCall<T>(body: () => T): CallOutcome<T> {
	const outcome: CallOutcome<T> = { done: false, ok: false, error: "" };
	task.spawn(() => {
		const [ok, value] = pcall(body);
		outcome.ok = ok;
		if (ok) outcome.value = value as T;
		else outcome.error = tostring(value);
		outcome.done = true;
	});
	return outcome;
}

/** Runs `body` on its own thread and advances virtual time until it returns (at most `limit` seconds). */
export function settleCall<T>(scheduler: VirtualScheduler, body: () => T, limit = 600): CallOutcome<T> {
	const outcome = startCall(body);
	scheduler.runUntil(() => outcome.done, limit, 0.01);
	if (!outcome.done) error(`the call had not returned after ${limit} virtual seconds`, 2);
	return outcome;
}

/** The error name at the start of a stand-in's error text ("TotalRequestsOverLimit", "102", ...). */
export function raisedName(outcome: CallOutcome<unknown>): string | undefined {
	if (outcome.ok) return undefined;
	const [name] = outcome.error.match("^(%w+):") as LuaTuple<[string?]>;
	return name;
}
