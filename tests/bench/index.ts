// npm run bench: figures, not pass/fail. RankBridge and a naive client run the same scenario
// (several servers of one game sharing a RankGun workspace, in virtual time, with server errors,
// timeouts that applied, a burst of 429s and one server shutting down); plus CPU per action
// and memory per queued action.
import { member, virtualWorld } from "../specs/helpers/bridges";
import { CHAOS_DEFAULTS, ChaosOptions, runChaos } from "../specs/helpers/chaos";
import { runNaive } from "./naive";

const RANKGUN_LIMIT_PER_MINUTE = 100;

export interface Figures {
	throughputRatio: number;
	throttledRatio: number;
	lost: number;
	duplicated: number;
	wrongRanks: number;
	cpuMicrosPerAction: number;
	bytesPerQueuedAction?: number;
	requests: number;
	seconds?: number;
}

export interface BenchResult extends Figures {
	scenario: string;
	baseline: Figures;
}

function round(value: number, places: number): number {
	const scale = 10 ** places;
	return math.floor(value * scale + 0.5) / scale;
}

/**
 * The live heap, approximately: Luau offers only collectgarbage("count"), which includes garbage
 * not yet collected, so allocate throwaway tables to keep the incremental collector cycling and
 * take the lowest reading seen.
 */
function liveHeapKb(): number {
	let lowest = math.huge;
	let sink = 0;
	for (let sample = 0; sample < 60; sample++) {
		for (let i = 0; i < 50_000; i++) sink += [i].size();
		lowest = math.min(lowest, collectgarbage("count"));
	}
	return sink > 0 ? lowest : 0;
}

/** Heap bytes each queued action holds: the growth between two queue sizes, per action. */
function bytesPerQueuedAction(): number {
	const { world, server } = virtualWorld();
	const { bridge } = server();
	const userId = member(world, "Private1").id;
	const held = new Array<Promise<unknown>>();
	const enqueue = (count: number) => {
		for (let i = 0; i < count; i++) held.push(bridge.setRank(userId, i % 2 === 0 ? 20 : 30));
	};
	enqueue(500);
	const before = liveHeapKb();
	enqueue(5000);
	const after = liveHeapKb();
	return held.size() > 0 ? ((after - before) * 1024) / 5000 : 0;
}

export function runBench(overrides: Partial<ChaosOptions> = {}): BenchResult {
	const options = { ...CHAOS_DEFAULTS, ...overrides };
	// Memory first, while the heap holds no garbage from the runs.
	const bytes = bytesPerQueuedAction();
	const ours = runChaos(options);
	const naive = runNaive(options);
	// Both clients are measured over the same stretch of time: until the slower one is done.
	const window = math.max(ours.seconds, naive.seconds, 60) / 60;
	const ratio = (applied: number) => round(applied / window / RANKGUN_LIMIT_PER_MINUTE, 3);
	return {
		scenario: `${options.servers} servers, ${options.actions} rank actions, ${options.serverErrors * 100}% server errors, ${options.appliedTimeouts * 100}% timeouts that applied, a burst of ${options.burstSize} 429s, one server shut down at ${options.shutdownAt} s (seed ${options.seed})`,
		throughputRatio: ratio(options.actions - ours.lost - ours.failed),
		throttledRatio: round(ours.throttled / ours.requests, 4),
		lost: ours.lost,
		duplicated: ours.duplicated,
		wrongRanks: ours.wrongRanks,
		cpuMicrosPerAction: round(((ours.cpuSeconds - ours.emulatorCpuSeconds) / options.actions) * 1e6, 1),
		bytesPerQueuedAction: round(bytes, 0),
		requests: ours.requests,
		seconds: round(ours.seconds, 1),
		baseline: {
			throughputRatio: ratio(naive.applied),
			throttledRatio: round(naive.throttled / naive.requests, 4),
			lost: naive.lost,
			duplicated: naive.duplicated,
			wrongRanks: naive.wrongRanks,
			cpuMicrosPerAction: round(((naive.cpuSeconds - naive.emulatorCpuSeconds) / options.actions) * 1e6, 1),
			requests: naive.requests,
			seconds: round(naive.seconds, 1),
		},
	};
}

function row(label: string, ours: string, baseline: string): string {
	const pad = (text: string, width: number) => text + " ".rep(math.max(0, width - text.size()));
	return `  ${pad(label, 44)}${pad(ours, 14)}${baseline}`;
}

export function formatBench(result: BenchResult): string {
	const lines = [
		`Scenario: ${result.scenario}`,
		"",
		row("", "RankBridge", "naive loop"),
		row("throughput (applied/min ÷ 100/min limit)", tostring(result.throughputRatio), tostring(result.baseline.throughputRatio)),
		row("throttled (429 answers ÷ requests)", tostring(result.throttledRatio), tostring(result.baseline.throttledRatio)),
		row("lost actions", tostring(result.lost), tostring(result.baseline.lost)),
		row("duplicated actions (extra rank changes)", tostring(result.duplicated), tostring(result.baseline.duplicated)),
		row("members left at the wrong rank", tostring(result.wrongRanks), tostring(result.baseline.wrongRanks)),
		row("HTTP requests sent", tostring(result.requests), tostring(result.baseline.requests)),
		row("CPU per action (µs, services excluded)", tostring(result.cpuMicrosPerAction), tostring(result.baseline.cpuMicrosPerAction)),
		row("memory per queued action (bytes)", tostring(result.bytesPerQueuedAction), "-"),
		row("virtual seconds to finish", tostring(result.seconds), tostring(result.baseline.seconds)),
	];
	return lines.join("\n");
}
