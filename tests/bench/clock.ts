// The benchmark's clocks. CPU time comes from the runner: tests/harness/bench.luau reads the
// process's CPU time from /proc (Lune has no CPU clock; its os.clock() is wall time). Without
// one, wall time stands in and the result says so.

export interface Clocks {
	/** Seconds of CPU the process has used, all its threads together (or wall time, see cpuClock). */
	cpu: () => number;
	/** What `cpu` measures, for the result. */
	cpuClock: string;
	/**
	 * Seconds the thread that runs Luau (the library, the stand-ins and the collector all run on
	 * it) has waited for a CPU while ready to run: the depth rows bound with it how much of their
	 * longest frame was the machine running something else (scaling.ts).
	 */
	luauThreadWaited?: () => number;
}

export const WALL_CLOCK: Clocks = { cpu: () => os.clock(), cpuClock: "wall time (os.clock): the runner gave no CPU clock" };

/** CPU and wall seconds a stretch of work took. */
export interface Span {
	cpu: number;
	wall: number;
}

/** Starts measuring; the returned function gives the span so far. */
export function startSpan(clocks: Clocks): () => Span {
	const cpu = clocks.cpu();
	const wall = os.clock();
	return () => ({ cpu: clocks.cpu() - cpu, wall: os.clock() - wall });
}

/**
 * Seconds spent inside the stand-ins for services a game reaches over the network (the service
 * emulator, MemoryStore, DataStore). They time themselves with os.clock(), wall time.
 */
export interface StandIns {
	emulator: number;
	memoryStore: number;
	dataStore: number;
}

export function standInTotal(standIns: StandIns): number {
	return standIns.emulator + standIns.memoryStore + standIns.dataStore;
}

/**
 * The CPU share of `wallSeconds` spent within a span: scaled by the span's CPU per wall second
 * (preemption, which wall time includes, taken as spread evenly over the span).
 */
export function cpuShare(wallSeconds: number, span: Span): number {
	return wallSeconds * (span.wall > 0 ? math.min(1, span.cpu / span.wall) : 1);
}

export function median(values: Array<number>): number {
	const sorted = [...values];
	sorted.sort((a, b) => a < b);
	const size = sorted.size();
	if (size === 0) return 0;
	const middle = math.floor(size / 2);
	return size % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value: number, places: number): number {
	const scale = 10 ** places;
	return math.floor(value * scale + 0.5) / scale;
}
