// An idle server: stores on, no work, after a minute to start. What it asks of MemoryStore and
// DataStore a minute, over `minutes` virtual minutes.
import { virtualWorld } from "../specs/helpers/bridges";
import { round } from "./clock";

export interface IdleFigures {
	memoryStoreCallsPerMinute: number;
	memoryStoreUnitsPerMinute: number;
	dataStoreCallsPerMinute: number;
}

export function idleServer(minutes: number): IdleFigures {
	const { scheduler, cloud, server } = virtualWorld();
	server({}, { players: 10, mortal: false });
	scheduler.advance(60);
	const memory = cloud.memory.figures();
	const data = cloud.data.figures();
	scheduler.advance(minutes * 60);
	const memoryAfter = cloud.memory.figures();
	return {
		memoryStoreCallsPerMinute: round((memoryAfter.calls - memory.calls) / minutes, 2),
		memoryStoreUnitsPerMinute: round((memoryAfter.units - memory.units) / minutes, 2),
		dataStoreCallsPerMinute: round((cloud.data.figures().calls - data.calls) / minutes, 2),
	};
}
