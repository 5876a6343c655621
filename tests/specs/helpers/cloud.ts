// RankBridge's shared stores as a game gets them by default, through the library's own adapters
// (src/roblox/memoryStore.ts, dataStore.ts), over one server of a stand-in experience.
import { dataStore } from "../../../src/roblox/dataStore";
import { memoryStores } from "../../../src/roblox/memoryStore";
import type { SharedStores } from "../../../src/core/stores";
import type { CloudServer } from "../../cloud";

/** The namespace a RankGun bridge with the default `namespace` uses. */
export const DEFAULT_NAMESPACE = "rankgun/default";

export function cloudStores(server: CloudServer, namespace = DEFAULT_NAMESPACE): SharedStores {
	return { ...memoryStores(namespace, server.MemoryStoreService), durable: dataStore(namespace, server.DataStoreService) };
}

/** The MemoryStore queue a namespace hands work over in. */
export function handoverQueueName(namespace = DEFAULT_NAMESPACE): string {
	return `RankBridge/${namespace}/handover`;
}

/** The MemoryStore hash map a namespace keeps its budget and done-markers in. */
export function mapName(namespace = DEFAULT_NAMESPACE): string {
	return `RankBridge/${namespace}`;
}
