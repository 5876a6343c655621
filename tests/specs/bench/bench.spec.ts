// `npm run bench -- --json` promises a set of figures (README, "Benchmark"). Producing them on a
// tiny scenario keeps every field in the JSON, with a number where a number is promised, so they
// cannot rot between the bench's runs (which are not part of npm test).
import { HttpService } from "@rbxts/services";
import { formatBench, runBench } from "../../bench";
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
	"shallowInLargeGroup",
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
	"documentedMemoryStoreUnitsPerAction",
	"dataStoreRequestsPerAction",
	"idleMemoryStoreUnitsPerMinute",
	"idleDataStoreCallsPerMinute",
];

export = () => {
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
		const largeGroup = result.shallowInLargeGroup as Record<string, unknown>;
		check("shallowInLargeGroup", typeIs(largeGroup, "table"));
		// The shallow row again, in the deepest row's group.
		check(
			"shallowInLargeGroup.groupMembers",
			largeGroup?.queued === scaling?.[0]?.queued && largeGroup?.groupMembers === scaling?.[1]?.queued,
			largeGroup,
		);
		[...(scaling ?? []), ...(largeGroup ? [largeGroup] : [])].forEach((row, index) => {
			const label = index < (scaling ?? []).size() ? `scaling[${index}]` : "shallowInLargeGroup";
			if (label !== "shallowInLargeGroup") check(`${label}.groupMembers`, row.groupMembers === row.queued, row.groupMembers);
			for (const name of ["queued", "groupMembers", "drained", "failed", "frames", "slowFrames"])
				check(`${label}.${name}`, isCount(row[name]), row[name]);
			for (const name of [
				"enqueueMicros",
				"drainMicros",
				"bytesPerAction",
				"enqueuedBytesPerAction",
				"maxFrameMillis",
				"maxFrameAt",
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
};
