// `npm run bench -- --json` promises a set of figures (README, "Benchmark"). Producing them on a
// tiny scenario keeps every field in the JSON, with a number where a number is promised, so they
// cannot rot between the bench's runs (which are not part of npm test).
import { HttpService } from "@rbxts/services";
import { callCosts, depthRow, formatBench, formatCallCosts, runBench, scalingRow, ScalingRow } from "../../bench";
import { WALL_CLOCK } from "../../bench/clock";
import { Harness } from "../helpers/harness";

function isCount(value: unknown): boolean {
	return typeIs(value, "number") && value >= 0 && value === math.floor(value);
}

function isFigure(value: unknown): boolean {
	return typeIs(value, "number") && value === value && value >= 0 && value < math.huge;
}

/** The fields whose values are not figures, and what each must be. */
const SHAPED = new Set([
	"mode",
	"scenario",
	"cpuClock",
	"baseline",
	"steadySpan",
	"faultFreeSpan",
	"floorRuns",
	"cpuRunsMicros",
	"standInMicrosPerAction",
	"bytesPerQueuedAction",
	"scaling",
	"shallowInOwnGroup",
	"memoryStoreUnits",
	"targets",
]);

const FIGURES = [
	// Kept from the first bench.
	"throughputRatio",
	"throttledRatio",
	"lost",
	"duplicated",
	"wrongRanks",
	"cpuMicrosPerAction",
	"requests",
	"seconds",
	// Issue 12.
	"steadyThroughputRatio",
	"bestThroughputRatio",
	"faultFreeThroughputRatio",
	"floorMicros",
	"maxFrameMillis",
	"memoryStoreUnitsPerAction",
	"requestsPerLeaseCall",
	"idleMemoryStoreCallsPerMinute",
	// Beside them.
	"requestsPerLeaseCallUnderLoad",
	"runs",
	"peakSixSecondShare",
	"maxFrameQueued",
	"maxFrameWaitedMillis",
	"documentedMemoryStoreUnitsPerAction",
	"dataStoreRequestsPerAction",
	"idleMemoryStoreUnitsPerMinute",
	"idleDataStoreCallsPerMinute",
];

/** A depth row's run with the given figures, the rest as a finished run of 100 would read. */
function run(figures: Partial<ScalingRow>): ScalingRow {
	return {
		queued: 100,
		groupMembers: 1000,
		enqueueMicros: 10,
		drainMicros: 300,
		bytesPerAction: 900,
		enqueuedBytesPerAction: 800,
		maxFrameMillis: 5,
		maxFrameAt: 1,
		maxFrameWaitedMillis: 0,
		frames: 400,
		slowFrames: 0,
		drained: 100,
		failed: 0,
		complete: true,
		virtualMinutes: 2,
		memoryStorePeakBytes: 0,
		parkedMinutes: 0,
		...figures,
	};
}

export = () => {
	it("reports a depth row's median CPU over its runs and its worst frame", () => {
		const row = depthRow([
			run({ drainMicros: 300, enqueueMicros: 12, maxFrameMillis: 4 }),
			run({ drainMicros: 610, enqueueMicros: 9, maxFrameMillis: 31, maxFrameAt: 7, maxFrameWaitedMillis: 2, slowFrames: 0 }),
			run({ drainMicros: 320, enqueueMicros: 30, maxFrameMillis: 12, slowFrames: 2 }),
		]);
		expect(row.drainMicros).to.equal(320);
		expect(row.enqueueMicros).to.equal(12);
		expect(row.drainRunsMicros.join(",")).to.equal("300,610,320");
		expect(row.maxFrameMillis).to.equal(31);
		expect(row.maxFrameAt).to.equal(7);
		expect(row.maxFrameWaitedMillis).to.equal(2);
		expect(row.slowFrames).to.equal(2);
		expect(row.complete).to.equal(true);
	});

	it("bounds how much of a depth row's longest frame the Luau thread waited for a CPU, when the runner can tell", () => {
		const rowWith = (luauThreadWaited: () => number) => scalingRow(20, { cpu: () => os.clock(), cpuClock: "wall", luauThreadWaited }, 60);
		// A thread that never waited: none of the longest frame was the machine running something else.
		const quiet = rowWith(() => 0);
		expect(quiet.complete).to.equal(true);
		expect(quiet.maxFrameMillis > 0).to.equal(true);
		expect(quiet.maxFrameWaitedMillis).to.equal(0);
		// One that waited a second between any two readings: all of it may have been.
		let waited = 0;
		const busy = rowWith(() => (waited += 1));
		expect(busy.maxFrameMillis > 0).to.equal(true);
		expect(busy.maxFrameWaitedMillis).to.equal(busy.maxFrameMillis);
	});

	it("does not call a depth row finished when one of its runs was cut off", () => {
		const row = depthRow([run({ drainMicros: 300 }), run({ drainMicros: 900, drained: 40, complete: false, error: "stopped after 60 s" })]);
		expect(row.complete).to.equal(false);
		expect(row.drained).to.equal(40);
		expect(row.error).to.equal("stopped after 60 s");
		// The drain's median is over the runs that finished.
		expect(row.drainMicros).to.equal(300);
	});

	it("produces every figure of the --json line, each of the promised type, from a tiny run", () => {
		const roundTrip = (body: string) =>
			HttpService.RequestAsync({
				Url: `${Harness.emulatorUrl}/__emulator/echo`,
				Method: "POST",
				Headers: { "Content-Type": "application/json" },
				Body: body,
			}).Body;
		const produced = runBench({ mode: "tiny", roundTrip });
		// As the line is printed: through JSON.
		const result = HttpService.JSONDecode(HttpService.JSONEncode(produced)) as Record<string, unknown>;

		const wrong = new Array<string>();
		const check = (name: string, ok: boolean, value: unknown = result[name]) => {
			if (!ok) wrong.push(`${name} = ${HttpService.JSONEncode(value ?? "missing")}`);
		};
		for (const name of FIGURES) check(name, isFigure(result[name]));
		for (const [name] of pairs(result)) check(name as string, SHAPED.has(name as string) || FIGURES.includes(name as string));
		for (const name of ["mode", "scenario", "cpuClock"]) check(name, typeIs(result[name], "string"));

		const baseline = result.baseline as Record<string, unknown>;
		for (const name of ["throughputRatio", "throttledRatio", "lost", "duplicated", "wrongRanks", "cpuMicrosPerAction", "requests", "seconds"]) {
			check(`baseline.${name}`, isFigure(baseline?.[name]));
		}
		const bytes = result.bytesPerQueuedAction as Record<string, unknown>;
		for (const shape of ["oneMember", "hundredMembers", "distinctMembers"]) check(`bytesPerQueuedAction.${shape}`, isFigure(bytes?.[shape]));
		const standIns = result.standInMicrosPerAction as Record<string, unknown>;
		for (const part of ["emulator", "memoryStore", "dataStore"]) check(`standInMicrosPerAction.${part}`, isFigure(standIns?.[part]));
		const units = result.memoryStoreUnits as Record<string, unknown>;
		for (const part of ["lanes", "budget", "registry", "other"]) check(`memoryStoreUnits.${part}`, isFigure(units?.[part]));
		for (const name of ["steadySpan", "faultFreeSpan"]) {
			const span = result[name] as Record<string, number>;
			check(name, isFigure(span?.from) && isFigure(span?.to) && span.to > span.from);
		}
		for (const name of ["floorRuns", "cpuRunsMicros"]) {
			const list = result[name] as Array<defined>;
			check(name, typeIs(list, "table") && list.size() === result.runs && list.every(isFigure));
		}

		const scaling = result.scaling as Array<Record<string, unknown>>;
		check("scaling", typeIs(scaling, "table") && scaling.size() === 2);
		const ownGroup = result.shallowInOwnGroup as Record<string, unknown>;
		check("shallowInOwnGroup", typeIs(ownGroup, "table"));
		// Every row beside the deepest row's group; the shallow depth again in a group of its own size.
		check("shallowInOwnGroup.groupMembers", ownGroup?.queued === scaling?.[0]?.queued && ownGroup?.groupMembers === ownGroup?.queued, ownGroup);
		[...(scaling ?? []), ...(ownGroup ? [ownGroup] : [])].forEach((row, index) => {
			const label = index < (scaling ?? []).size() ? `scaling[${index}]` : "shallowInOwnGroup";
			if (label !== "shallowInOwnGroup") check(`${label}.groupMembers`, row.groupMembers === scaling?.[1]?.queued, row.groupMembers);
			for (const name of ["enqueueRunsMicros", "drainRunsMicros"]) {
				const runs = row[name] as Array<defined>;
				check(`${label}.${name}`, typeIs(runs, "table") && runs.size() === 1 && runs.every(isFigure), runs);
			}
			for (const name of ["queued", "groupMembers", "drained", "failed", "frames", "slowFrames"])
				check(`${label}.${name}`, isCount(row[name]), row[name]);
			for (const name of [
				"enqueueMicros",
				"drainMicros",
				"bytesPerAction",
				"enqueuedBytesPerAction",
				"maxFrameMillis",
				"maxFrameAt",
				"maxFrameWaitedMillis",
				"virtualMinutes",
				"memoryStorePeakBytes",
				"parkedMinutes",
			]) {
				check(`${label}.${name}`, isFigure(row[name]), row[name]);
			}
			check(`${label}.complete`, row.complete === true && row.drained === row.queued);
		});
		const targets = result.targets as Array<Record<string, unknown>>;
		check("targets", typeIs(targets, "table") && targets.size() >= 10);
		(targets ?? []).forEach((target, index) => {
			check(`targets[${index}]`, typeIs(target.target, "string") && typeIs(target.measured, "string") && typeIs(target.met, "boolean"));
		});
		expect(wrong.join("; ")).to.equal("");

		// The scenario's guarantees hold in the tiny run too, and the table shows every section.
		expect(result.lost).to.equal(0);
		expect(result.duplicated).to.equal(0);
		expect(result.wrongRanks).to.equal(0);
		const printed = formatBench(produced);
		for (const heading of ["steady throughput", "Floor", "Heap per queued action", "Depth", "MemoryStore units", "Targets"]) {
			expect(printed.find(heading, 1, true)[0] !== undefined).to.equal(true);
		}
	});

	// `npm run bench -- --calls` (README, "What a call costs"): both ways of making a call's
	// Promise, unused and with a catch, each with every figure.
	it("measures what a call's Promise costs, RankBridge's way beside Promise.new's", () => {
		const costs = callCosts(WALL_CLOCK, 200, 2);
		const seen = costs.map((cost) => `${cost.madeBy}/${cost.use}`);
		expect(seen.join(", ")).to.equal("RankBridge/unused, RankBridge/catch, Promise.new/unused, Promise.new/catch");
		for (const cost of costs) {
			for (const figure of [cost.makeMicros, cost.makeFastestMicros, cost.settleMicros, cost.settleFastestMicros]) {
				expect(isFigure(figure)).to.equal(true);
			}
			expect(cost.makeFastestMicros <= cost.makeMicros && cost.settleFastestMicros <= cost.settleMicros).to.equal(true);
			expect(typeIs(cost.pendingBytes, "number") && cost.pendingBytes === cost.pendingBytes).to.equal(true);
		}
		const printed = formatCallCosts(costs, 200, 2);
		for (const label of ["RankBridge", "Promise.new", "heap while pending", "median of 2 runs"]) {
			expect(printed.find(label, 1, true)[0] !== undefined).to.equal(true);
		}
	});
};
