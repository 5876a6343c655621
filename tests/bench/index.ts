// npm run bench: figures, not pass/fail. RankBridge and a naive client run the same scenario
// (several servers of one game sharing a RankGun workspace, in virtual time, with server errors,
// timeouts that applied, a burst of 429s and one server shutting down), plus the same scenario
// without faults; then the floor (one bare request), heap per queued action in three shapes,
// depth (1k to 100k queued), an idle server. Every figure says how it was measured; see the
// README's "Benchmark" section.
import type { MemoryStoreFigures } from "../cloud";
import { CHAOS_DEFAULTS, ChaosOptions, ChaosResult, runChaos } from "../specs/helpers/chaos";
import { Clocks, cpuShare, median, round, standInTotal, WALL_CLOCK } from "./clock";
import { columns } from "./columns";
import { floorRunner, RoundTrip } from "./floor";
import { idleServer } from "./idle";
import { runNaive } from "./naive";
import { scalingRow, ScalingRow } from "./scaling";
import { bytesPerQueuedAction } from "./shapes";
import { bestRatio, hasSteadySpan, peakShare, steadyRatio, steadySpan, SteadySpan, WINDOW_SECONDS } from "./throughput";

export { type RoundTrip } from "./floor";
export { type Clocks } from "./clock";
export { scalingRow, type ScalingRow } from "./scaling";
export { bytesPerQueuedAction } from "./shapes";
export { callCosts, formatCallCosts, type CallCost } from "./calls";

const RANKGUN_LIMIT_PER_MINUTE = 100;

/**
 * What the README's cost table allows in MemoryStore request units (its "What it costs"): 2
 * UpdateAsync on an action's lane (2 units each), about 0.25 shared-budget calls per request
 * (UpdateAsync, 2 units), and 8 units a minute for each busy server's beats.
 */
const DOCUMENTED = { laneUnitsPerAction: 4, budgetUnitsPerAction: 0.25 * 2, busyServerUnitsPerMinute: 8 };

export interface BenchProfile {
	mode: "full" | "quick" | "tiny";
	/** The scenario, as changes to the chaos defaults. */
	chaos: Partial<ChaosOptions>;
	/** Runs of the scenario (and of the naive client) whose CPU median is reported. */
	runs: number;
	/** Actions queued for each memory shape, on top of `shapeWarm` already queued. */
	shapeActions: number;
	shapeWarm: number;
	/**
	 * Queue depths for the scaling rows, each in a group as large as the deepest (so the rows
	 * differ in depth alone); the last one's drain gives maxFrameMillis.
	 */
	scaling: Array<number>;
	/** Runs of each scaling row, taken in turn (1k, 10k, 100k, 1k, ...); the rows report medians. */
	scalingRuns: number;
	/**
	 * A shallow row runs more often, until its runs have queued this many actions in all (at most
	 * nine runs): its enqueue takes ~15 ms of CPU and its drain ~0.3 s, short enough that one run
	 * can land on a slow moment of the machine, or of the collector, whole.
	 */
	scalingActions: number;
	/** Wall seconds a scaling row may drain before it is cut off (and reported incomplete). */
	scalingWallLimit: number;
	floorRequests: number;
	floorRuns: number;
	idleMinutes: number;
}

export const PROFILES: Record<BenchProfile["mode"], BenchProfile> = {
	full: {
		mode: "full",
		chaos: {},
		runs: 5,
		shapeActions: 5000,
		shapeWarm: 500,
		scaling: [1000, 10_000, 100_000],
		scalingRuns: 3,
		scalingActions: 9000,
		scalingWallLimit: 600,
		floorRequests: 2000,
		floorRuns: 5,
		idleMinutes: 10,
	},
	quick: {
		mode: "quick",
		chaos: {},
		runs: 2,
		shapeActions: 2000,
		shapeWarm: 200,
		scaling: [1000, 10_000],
		scalingRuns: 1,
		scalingActions: 0,
		scalingWallLimit: 60,
		floorRequests: 1000,
		floorRuns: 3,
		idleMinutes: 10,
	},
	// For the spec that keeps the fields from rotting: every figure, from seconds of work.
	tiny: {
		mode: "tiny",
		chaos: { servers: 2, actions: 400, members: 20, burstAt: 70, shutdownAt: 100 },
		runs: 1,
		// Enough queued that the collector's leftovers cannot outweigh the growth being measured.
		shapeActions: 400,
		shapeWarm: 20,
		scaling: [200, 400],
		scalingRuns: 1,
		scalingActions: 0,
		scalingWallLimit: 20,
		floorRequests: 20,
		floorRuns: 1,
		idleMinutes: 2,
	},
};

export interface BenchOptions {
	mode?: BenchProfile["mode"];
	seed?: number;
	clocks?: Clocks;
	/** One request over loopback, for the floor. */
	roundTrip: RoundTrip;
	/**
	 * Measures a scaling row elsewhere (the runner: in a process of its own, so a queue deep enough
	 * to exhaust the runtime takes only its row down), giving what was measured before it stopped.
	 * Without it, rows are measured here.
	 */
	measureRow?: (queued: number, wallLimit: number, groupMembers: number) => Partial<ScalingRow>;
}

/** A row measured elsewhere, with zeros for what it never got to measure. */
function completeRow(queued: number, groupMembers: number, measured: Partial<ScalingRow>): ScalingRow {
	return {
		queued,
		groupMembers,
		enqueueMicros: 0,
		drainMicros: 0,
		bytesPerAction: 0,
		enqueuedBytesPerAction: 0,
		maxFrameMillis: 0,
		maxFrameAt: 0,
		maxFrameWaitedMillis: 0,
		frames: 0,
		slowFrames: 0,
		drained: 0,
		failed: 0,
		virtualMinutes: 0,
		memoryStorePeakBytes: 0,
		parkedMinutes: 0,
		...measured,
		complete: measured.error === undefined && measured.complete === true,
	};
}

/** A depth row over its runs: the medians of enqueue, drain and heap, the worst of the frames. */
export interface DepthRow extends ScalingRow {
	/** Each run's figure, in the order run (the row's enqueueMicros and drainMicros are their medians). */
	enqueueRunsMicros: Array<number>;
	drainRunsMicros: Array<number>;
}

/**
 * One row from several runs of it: CPU and heap figures are medians (the machine's speed moves
 * by half from one run to the next, and a short row shows it most); the longest frame and the
 * count of slow ones are the worst run's; a row is complete when every run finished.
 */
export function depthRow(runs: Array<ScalingRow>): DepthRow {
	const pick = (figure: (row: ScalingRow) => number) => runs.map(figure);
	const finished = runs.filter((run) => run.complete);
	const drainRuns = pick((run) => run.drainMicros);
	let worst = runs[0];
	for (const run of runs) if (run.maxFrameMillis > worst.maxFrameMillis) worst = run;
	let fewest = runs[0];
	for (const run of runs) if (run.drained < fewest.drained) fewest = run;
	return {
		...fewest,
		enqueueMicros: round(median(pick((run) => run.enqueueMicros)), 1),
		drainMicros: round(median(finished.size() > 0 ? finished.map((run) => run.drainMicros) : drainRuns), 1),
		bytesPerAction: round(median(pick((run) => run.bytesPerAction)), 0),
		enqueuedBytesPerAction: round(median(pick((run) => run.enqueuedBytesPerAction)), 0),
		maxFrameMillis: worst.maxFrameMillis,
		maxFrameAt: worst.maxFrameAt,
		maxFrameWaitedMillis: worst.maxFrameWaitedMillis,
		slowFrames: math.max(...pick((run) => run.slowFrames)),
		complete: finished.size() === runs.size(),
		enqueueRunsMicros: pick((run) => run.enqueueMicros),
		drainRunsMicros: drainRuns,
	};
}

/** Figures kept from the first bench (RankBridge's, and the naive client's as `baseline`). */
export interface Figures {
	throughputRatio: number;
	throttledRatio: number;
	lost: number;
	duplicated: number;
	wrongRanks: number;
	cpuMicrosPerAction: number;
	requests: number;
	seconds: number;
}

export interface Target {
	target: string;
	measured: string;
	met: boolean;
}

export interface BenchResult extends Figures {
	mode: string;
	scenario: string;
	/** What the CPU figures were read from. */
	cpuClock: string;
	runs: number;
	baseline: Figures;
	steadyThroughputRatio: number;
	bestThroughputRatio: number;
	faultFreeThroughputRatio: number;
	/** The window starts (virtual seconds) the steady figures average over: the scenario's, and the fault-free run's. */
	steadySpan: SteadySpan;
	faultFreeSpan: SteadySpan;
	/** The fault-free run's busiest 6 s, as a share of the limit (0.1 when evenly spread). */
	peakSixSecondShare: number;
	floorMicros: number;
	floorRuns: Array<number>;
	/** RankBridge's CPU per action in each run, and the stand-ins' (median) beside it. */
	cpuRunsMicros: Array<number>;
	standInMicrosPerAction: { emulator: number; memoryStore: number; dataStore: number };
	bytesPerQueuedAction: { oneMember: number; hundredMembers: number; distinctMembers: number };
	/** Every row in a group as large as the deepest row's: they differ in how many are queued alone. */
	scaling: Array<DepthRow>;
	/**
	 * The first row's depth in a group of as many members as it queues (how the rows were laid out
	 * until round 14): the same queue beside a small heap, the cheapest a server can be (not part
	 * of the flat target, which compares rows that differ in depth alone).
	 */
	shallowInOwnGroup: DepthRow;
	maxFrameMillis: number;
	/** At most how much of that frame the Luau thread waited for a CPU (0: none of it), when the runner can tell. */
	maxFrameWaitedMillis: number;
	/** The queue depth maxFrameMillis was measured at. */
	maxFrameQueued: number;
	memoryStoreUnitsPerAction: number;
	memoryStoreUnits: { lanes: number; budget: number; registry: number; other: number };
	documentedMemoryStoreUnitsPerAction: number;
	/** Over the whole run, and over the steady span's windows (under load: a window's worth of work or more left). */
	requestsPerLeaseCall: number;
	requestsPerLeaseCallUnderLoad: number;
	dataStoreRequestsPerAction: number;
	idleMemoryStoreCallsPerMinute: number;
	idleMemoryStoreUnitsPerMinute: number;
	idleDataStoreCallsPerMinute: number;
	targets: Array<Target>;
}

function describe(options: ChaosOptions): string {
	return `${options.servers} servers, ${options.actions} rank actions for ${options.members} members, ${options.serverErrors * 100}% server errors, ${options.appliedTimeouts * 100}% timeouts that applied, a burst of ${options.burstSize} 429s at ${options.burstAt} s, one server shut down at ${options.shutdownAt} s (seed ${options.seed})`;
}

/** CPU µs per action a run spent on `wallSeconds` of its wall time. */
function microsPerAction(run: { cpuSeconds: number; wallSeconds: number }, wallSeconds: number, actions: number): number {
	return (cpuShare(wallSeconds, { cpu: run.cpuSeconds, wall: run.wallSeconds }) / actions) * 1e6;
}

/** RankBridge's CPU per action in one run: the run's CPU less the stand-ins' share. */
function libraryMicros(run: ChaosResult, actions: number): number {
	return (run.cpuSeconds / actions) * 1e6 - microsPerAction(run, standInTotal(run.standIns), actions);
}

/**
 * Requests per shared-budget call while the game has work for the whole limit: requests that
 * arrived, and budget calls made, from the steady span's first window start to its last
 * window's end (the whole run when it has no span).
 */
function requestsPerCall(run: ChaosResult, span: SteadySpan): number {
	const whole = !hasSteadySpan(span);
	const inside = (at: number) => whole || (at >= span.from && at < span.to + WINDOW_SECONDS);
	const requests = run.arrivals.filter((arrival) => inside(arrival.at)).size();
	const calls = run.memory.timedCalls.filter(inside).size();
	return requests / math.max(calls, 1);
}

/** MemoryStore request units by what the key is for: lanes (l/...), the shared budget (...-budget), the registry (servers). */
function unitsByPurpose(memory: MemoryStoreFigures) {
	const units = { lanes: 0, budget: 0, registry: 0, other: 0 };
	let budgetCalls = 0;
	for (const [, keys] of memory.byKey) {
		for (const [key, tally] of keys) {
			if (key.sub(1, 2) === "l/") units.lanes += tally.units;
			else if (key.match("%-budget$")[0] !== undefined) {
				units.budget += tally.units;
				budgetCalls += tally.calls;
			} else if (key === "servers") units.registry += tally.units;
			else units.other += tally.units;
		}
	}
	return { units, budgetCalls };
}

export function runBench(options: BenchOptions): BenchResult {
	const profile = PROFILES[options.mode ?? "full"];
	const clocks = options.clocks ?? WALL_CLOCK;
	const chaos: ChaosOptions = { ...CHAOS_DEFAULTS, ...profile.chaos, ...(options.seed !== undefined ? { seed: options.seed } : {}) };
	const limit = RANKGUN_LIMIT_PER_MINUTE;

	const bytes = {
		oneMember: bytesPerQueuedAction("oneMember", profile.shapeActions, profile.shapeWarm),
		hundredMembers: bytesPerQueuedAction("hundredMembers", profile.shapeActions, profile.shapeWarm),
		distinctMembers: bytesPerQueuedAction("distinctMembers", profile.shapeActions, profile.shapeWarm),
	};

	// The floor's runs and the scenario's alternate, so the machine's drift weighs on both alike.
	const floorRun = floorRunner(options.roundTrip, clocks, profile.floorRequests);
	const floorRuns = new Array<number>();
	const runs = new Array<ChaosResult>();
	for (let i = 0; i < math.max(profile.runs, profile.floorRuns); i++) {
		if (i < profile.floorRuns) floorRuns.push(floorRun());
		if (i < profile.runs) runs.push(runChaos(chaos, clocks.cpu));
	}
	const floor = { micros: median(floorRuns), runs: floorRuns };
	const ours = runs[0];
	const cpuRuns = runs.map((run) => round(libraryMicros(run, chaos.actions), 1));
	const standIn = (part: keyof ChaosResult["standIns"]) =>
		round(median(runs.map((run) => microsPerAction(run, run.standIns[part], chaos.actions))), 1);
	const standIns = { emulator: standIn("emulator"), memoryStore: standIn("memoryStore"), dataStore: standIn("dataStore") };
	const span = steadySpan(ours.applied, limit);
	const faultFree = runChaos({ ...chaos, serverErrors: 0, appliedTimeouts: 0, burstSize: 0, shutdownAt: math.huge }, clocks.cpu);
	const faultFreeSpan = steadySpan(faultFree.applied, limit);

	const naiveRuns = new Array<ReturnType<typeof runNaive>>();
	for (let i = 0; i < profile.runs; i++) naiveRuns.push(runNaive(chaos, clocks.cpu));
	const naive = naiveRuns[0];
	const naiveCpu = median(
		naiveRuns.map((run) => (run.cpuSeconds / chaos.actions) * 1e6 - microsPerAction(run, run.emulatorSeconds, chaos.actions)),
	);

	const idle = idleServer(profile.idleMinutes);
	const measureRow = options.measureRow;
	const row = (queued: number, groupMembers: number) =>
		measureRow
			? completeRow(queued, groupMembers, measureRow(queued, profile.scalingWallLimit, groupMembers))
			: scalingRow(queued, clocks, profile.scalingWallLimit, undefined, groupMembers);
	// Every row beside the same group, the deepest row's, so that what differs is the depth; the
	// shallowest depth also in a group of its own size (the least heap a server can have). The rows'
	// runs are taken in turn, so the machine's drift during the bench weighs on each depth alike.
	const groupMembers = math.max(...profile.scaling);
	const shallowest = math.min(...profile.scaling);
	const runsOf = (queued: number) => math.max(profile.scalingRuns, math.min(9, math.ceil(profile.scalingActions / queued)));
	const depthRuns = profile.scaling.map(() => new Array<ScalingRow>());
	const ownGroupRuns = new Array<ScalingRow>();
	for (let i = 0; i < runsOf(shallowest); i++) {
		profile.scaling.forEach((queued, index) => {
			if (i < runsOf(queued)) depthRuns[index].push(row(queued, groupMembers));
		});
		ownGroupRuns.push(row(shallowest, shallowest));
	}
	const scaling = depthRuns.map(depthRow);
	const deepest = scaling[scaling.size() - 1];
	const shallowInOwnGroup = depthRow(ownGroupRuns);

	const { units, budgetCalls } = unitsByPurpose(ours.memory);
	const perAction = (value: number) => round(value / chaos.actions, 2);
	const busyServerMinutes = chaos.servers * (ours.seconds / 60);
	const documented =
		DOCUMENTED.laneUnitsPerAction + DOCUMENTED.budgetUnitsPerAction + (DOCUMENTED.busyServerUnitsPerMinute * busyServerMinutes) / chaos.actions;

	const result: BenchResult = {
		mode: profile.mode,
		scenario: describe(chaos),
		cpuClock: clocks.cpuClock,
		runs: profile.runs,
		throughputRatio: round((chaos.actions - ours.lost - ours.failed) / (math.max(ours.seconds, 1) / 60) / limit, 3),
		throttledRatio: round(ours.throttled / math.max(ours.requests, 1), 4),
		lost: ours.lost,
		duplicated: ours.duplicated,
		wrongRanks: ours.wrongRanks,
		cpuMicrosPerAction: round(median(cpuRuns), 1),
		requests: ours.requests,
		seconds: round(ours.seconds, 1),
		baseline: {
			throughputRatio: round(naive.applied / (math.max(naive.seconds, 1) / 60) / limit, 3),
			throttledRatio: round(naive.throttled / math.max(naive.requests, 1), 4),
			lost: naive.lost,
			duplicated: naive.duplicated,
			wrongRanks: naive.wrongRanks,
			cpuMicrosPerAction: round(naiveCpu, 1),
			requests: naive.requests,
			seconds: round(naive.seconds, 1),
		},
		steadyThroughputRatio: round(steadyRatio(ours.applied, span, limit), 3),
		bestThroughputRatio: round(bestRatio(ours.arrivals, span, limit), 3),
		faultFreeThroughputRatio: round(steadyRatio(faultFree.applied, faultFreeSpan, limit), 3),
		steadySpan: { from: round(span.from, 1), to: round(span.to, 1) },
		faultFreeSpan: { from: round(faultFreeSpan.from, 1), to: round(faultFreeSpan.to, 1) },
		peakSixSecondShare: round(peakShare(faultFree.arrivals, faultFreeSpan, limit), 2),
		floorMicros: floor.micros,
		floorRuns: floor.runs,
		cpuRunsMicros: cpuRuns,
		standInMicrosPerAction: standIns,
		bytesPerQueuedAction: bytes,
		scaling,
		shallowInOwnGroup,
		maxFrameMillis: deepest.maxFrameMillis,
		maxFrameWaitedMillis: deepest.maxFrameWaitedMillis,
		maxFrameQueued: deepest.queued,
		memoryStoreUnitsPerAction: perAction(ours.memory.units),
		memoryStoreUnits: {
			lanes: perAction(units.lanes),
			budget: perAction(units.budget),
			registry: perAction(units.registry),
			other: perAction(units.other),
		},
		documentedMemoryStoreUnitsPerAction: round(documented, 2),
		requestsPerLeaseCall: round(ours.requests / math.max(budgetCalls, 1), 2),
		requestsPerLeaseCallUnderLoad: round(requestsPerCall(ours, span), 2),
		dataStoreRequestsPerAction: perAction(ours.data.calls),
		idleMemoryStoreCallsPerMinute: idle.memoryStoreCallsPerMinute,
		idleMemoryStoreUnitsPerMinute: idle.memoryStoreUnitsPerMinute,
		idleDataStoreCallsPerMinute: idle.dataStoreCallsPerMinute,
		targets: [],
	};
	result.targets = targets(result);
	return result;
}

/** Issue 12's targets beside the figures. Where the issue gives no number, the reading used is in the target's words. */
function targets(result: BenchResult): Array<Target> {
	const list = new Array<Target>();
	const add = (target: string, measured: string, met: boolean) => list.push({ target, measured, met });
	const steadyOfBest = result.bestThroughputRatio > 0 ? result.steadyThroughputRatio / result.bestThroughputRatio : 0;
	add(
		"steady throughput ≥ 0.98 of the best the limit allows (scenario)",
		`${round(steadyOfBest, 3)} (${result.steadyThroughputRatio} of ${result.bestThroughputRatio})`,
		steadyOfBest >= 0.98,
	);
	add("steady throughput ≥ 0.98 of 100/min (fault-free)", tostring(result.faultFreeThroughputRatio), result.faultFreeThroughputRatio >= 0.98);
	add("requests spread: busiest 6 s ≤ 0.2 of the limit (even 0.1)", tostring(result.peakSixSecondShare), result.peakSixSecondShare <= 0.2);
	const cpuOfFloor = result.floorMicros > 0 ? result.cpuMicrosPerAction / result.floorMicros : math.huge;
	add("library CPU ≤ 2× the floor", `${result.cpuMicrosPerAction} µs = ${round(cpuOfFloor, 2)}× ${result.floorMicros} µs`, cpuOfFloor <= 2);
	const bytes = result.bytesPerQueuedAction;
	const most = math.max(bytes.oneMember, bytes.hundredMembers, bytes.distinctMembers);
	add("≤ 1 KB per queued action, every shape", `${bytes.oneMember} / ${bytes.hundredMembers} / ${bytes.distinctMembers} B`, most <= 1024);
	const deepest = result.scaling[result.scaling.size() - 1];
	add(
		`${result.maxFrameQueued} distinct members drain on one server, no frame over 50 ms`,
		`${deepest.complete ? "drained" : `${deepest.error !== undefined ? "died" : "cut off"} after ${deepest.drained}`}; longest frame ${result.maxFrameMillis} ms (of which the Luau thread waited for a CPU at most ${result.maxFrameWaitedMillis})`,
		deepest.complete && deepest.failed === 0 && result.maxFrameMillis <= 50,
	);
	// Flat: the dearest row costs at most 1.5× the cheapest (enqueue: every row that got that far;
	// drain: every row that finished), and every row finished.
	const spread = (rows: Array<ScalingRow>, pick: (row: ScalingRow) => number) => {
		let low = math.huge;
		let high = 0;
		for (const row of rows) {
			low = math.min(low, pick(row));
			high = math.max(high, pick(row));
		}
		return low > 0 && low < math.huge ? high / low : math.huge;
	};
	const enqueueSpread = spread(
		result.scaling.filter((row) => row.enqueueMicros > 0),
		(row) => row.enqueueMicros,
	);
	const drainSpread = spread(
		result.scaling.filter((row) => row.complete),
		(row) => row.drainMicros,
	);
	const unfinished = result.scaling.filter((row) => !row.complete).map((row) => row.queued);
	const own = result.shallowInOwnGroup;
	const beside =
		own.complete && own.drainMicros > 0
			? `; not compared, ${own.queued} in a group of ${own.groupMembers}: drain ${own.drainMicros} µs, the deepest row's ${round(deepest.drainMicros / own.drainMicros, 2)}× that`
			: "";
	add(
		`enqueue and drain flat from ${result.scaling[0].queued} to ${deepest.queued} queued, beside the same group (dearest ≤ 1.5× cheapest)`,
		`enqueue ×${round(enqueueSpread, 2)}, drain ×${round(drainSpread, 2)}${unfinished.size() > 0 ? `; ${unfinished.join(", ")} did not finish` : ""}${beside}`,
		enqueueSpread <= 1.5 && drainSpread <= 1.5 && unfinished.size() === 0,
	);
	add(
		"≥ 4 requests per shared-budget MemoryStore call under load",
		`${result.requestsPerLeaseCallUnderLoad} (whole run ${result.requestsPerLeaseCall})`,
		result.requestsPerLeaseCallUnderLoad >= 4,
	);
	add("idle server: ≤ 1 MemoryStore call a minute", tostring(result.idleMemoryStoreCallsPerMinute), result.idleMemoryStoreCallsPerMinute <= 1);
	add(
		"MemoryStore units per action within the documented cost",
		`${result.memoryStoreUnitsPerAction} (documented ${result.documentedMemoryStoreUnitsPerAction})`,
		result.memoryStoreUnitsPerAction <= result.documentedMemoryStoreUnitsPerAction,
	);
	return list;
}

export function formatBench(result: BenchResult): string {
	const base = result.baseline;
	const lines = [
		`RankBridge benchmark (${result.mode}). Scenario: ${result.scenario}.`,
		`CPU clock: ${result.cpuClock}; CPU figures are the median of ${result.runs} run(s).`,
		"",
		...columns(
			[
				["", "RankBridge", "naive loop", "how"],
				[
					"throughput, whole run",
					tostring(result.throughputRatio),
					tostring(base.throughputRatio),
					"applied/min over each client's own run ÷ 100/min",
				],
				[
					"steady throughput",
					tostring(result.steadyThroughputRatio),
					"-",
					"applied per 60-s window, averaged over every window start after the first minute until < 100 actions remain, ÷ 100",
				],
				["best the limit allows", tostring(result.bestThroughputRatio), "-", "100/min less the 5xx share and the 429s in the same windows"],
				[
					"steady throughput, no faults",
					tostring(result.faultFreeThroughputRatio),
					"-",
					"the same scenario without errors, timeouts, 429s or shutdown",
				],
				["busiest 6 s, no faults", tostring(result.peakSixSecondShare), "-", "most arrivals in any 6 s ÷ 100 (even spread: 0.1)"],
				["throttled", tostring(result.throttledRatio), tostring(base.throttledRatio), "429 answers ÷ requests"],
				["lost actions", tostring(result.lost), tostring(base.lost), "never finished (naive: never applied)"],
				[
					"duplicated actions",
					tostring(result.duplicated),
					tostring(base.duplicated),
					"rank changes beyond one per action, the service's log",
				],
				["members left at the wrong rank", tostring(result.wrongRanks), tostring(base.wrongRanks), "final rank ≠ what the intents add up to"],
				["HTTP requests sent", tostring(result.requests), tostring(base.requests), ""],
				["virtual seconds to finish", tostring(result.seconds), tostring(base.seconds), "to the last action finished"],
				[
					"CPU per action (µs)",
					tostring(result.cpuMicrosPerAction),
					tostring(base.cpuMicrosPerAction),
					"process CPU over the run, stand-ins' share taken out",
				],
			],
			[34, 12, 12],
		),
		"",
		`  CPU runs (µs per action): ${result.cpuRunsMicros.join(", ")}; stand-ins' share (µs per action): emulator ${result.standInMicrosPerAction.emulator}, MemoryStore ${result.standInMicrosPerAction.memoryStore}, DataStore ${result.standInMicrosPerAction.dataStore}`,
		`  Floor: ${result.floorMicros} µs per request (runs: ${result.floorRuns.join(", ")}): JSONEncode, a POST over loopback to a server in another process, JSONDecode; process CPU`,
		`  Steady state: windows starting from ${result.steadySpan.from} to ${result.steadySpan.to} s (no faults: ${result.faultFreeSpan.from} to ${result.faultFreeSpan.to} s)`,
		"",
		`  Heap per queued action (B): one member ${result.bytesPerQueuedAction.oneMember}, 100 members ${result.bytesPerQueuedAction.hundredMembers}, every action a different member ${result.bytesPerQueuedAction.distinctMembers}`,
		"    (live heap growth from a settled queue to one with more queued, per action added; stand-ins' stored data taken out)",
		"",
		`  Depth: one server, every action a different member of one group (${result.scaling[0].groupMembers} members in every row but the last, whose group is as large as its queue), drained at 100/min; median of ${result.scaling.map((row) => row.drainRunsMicros.size()).join(" / ")} runs taken in turn`,
		...columns(
			[
				["queued", "enqueue µs", "drain µs (runs)", "B/action (enqueued)", "longest frame", "frames > 50 ms", "drained"],
				...[...result.scaling, result.shallowInOwnGroup].map((row) => [
					row === result.shallowInOwnGroup ? `${row.queued} (own group)` : `${row.queued} of ${row.groupMembers}`,
					tostring(row.enqueueMicros),
					`${row.drainMicros} (${row.drainRunsMicros.join(", ")})`,
					`${row.bytesPerAction > 0 ? tostring(row.bytesPerAction) : "-"} (${row.enqueuedBytesPerAction})`,
					`${row.maxFrameMillis} ms at ${row.maxFrameAt} s (waited ≤ ${row.maxFrameWaitedMillis})`,
					tostring(row.slowFrames),
					`${row.drained}${row.failed > 0 ? ` (${row.failed} failed)` : ""}${row.complete ? "" : row.error !== undefined ? ", died" : ", cut off"} in ${row.virtualMinutes} virtual min${row.parkedMinutes > 0 ? ` (${row.parkedMinutes} parked on the quota, skipped)` : ""}`,
				]),
			],
			[18, 12, 28, 21, 40, 16],
		),
		...[...result.scaling, result.shallowInOwnGroup]
			.filter((row) => row.error !== undefined)
			.map((row) => `    ${row.queued} deep (group of ${row.groupMembers}): ${row.error}`),
		"    (enqueue: process CPU of the calls; drain: process CPU until all finished, stand-ins' share out; B/action: heap",
		"     growth per action still queued 10 s after the enqueue, and right after it; frame: wall time of the work due in one",
		"     1/60-s frame plus the threads it deferred, stand-ins' time out; waited: at most how much of the longest frame the",
		"     Luau thread waited for a CPU, its waits since the last of the readings taken every 100 frames)",
		"",
		`  MemoryStore units per action: ${result.memoryStoreUnitsPerAction} (lanes ${result.memoryStoreUnits.lanes}, budget ${result.memoryStoreUnits.budget}, registry ${result.memoryStoreUnits.registry}, other ${result.memoryStoreUnits.other}); documented ${result.documentedMemoryStoreUnitsPerAction}`,
		`  Requests per shared-budget MemoryStore call: ${result.requestsPerLeaseCallUnderLoad} under load (the steady span's windows), ${result.requestsPerLeaseCall} over the whole run; DataStore requests per action: ${result.dataStoreRequestsPerAction}`,
		`  Idle server, per minute: ${result.idleMemoryStoreCallsPerMinute} MemoryStore calls (${result.idleMemoryStoreUnitsPerMinute} units), ${result.idleDataStoreCallsPerMinute} DataStore calls`,
		"",
		"  Targets (issue 12)",
		...columns(
			result.targets.map((entry) => [entry.met ? "met" : "NOT MET", entry.target, entry.measured]),
			[9, 72],
		),
	];
	return lines.join("\n");
}
