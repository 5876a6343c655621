// Stand-ins for the engine's MemoryStoreService and DataStoreService, enforcing the limits Roblox
// documents; used by the harness (real time) and by multi-server specs and the benchmark
// (virtual time). See experience.ts.
import { CloudExperience } from "./experience";

export { CloudExperience, CloudServer, type CloudOptions, type CloudServerOptions } from "./experience";
export type { MemoryStoreFigures, Tally } from "./memoryStore";
export type { DataStoreFigures } from "./dataStore";
export { MEMORY_STORE_LIMITS, DATA_STORE_LIMITS } from "./limits";

/**
 * The harness's experience: real time, and one server (the harness's DataModel) whose players
 * are `players()`.
 */
export function harnessCloud(players: () => number) {
	const experience = new CloudExperience();
	return { experience, server: experience.server({ players }) };
}
