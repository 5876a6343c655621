// What the Promise a call returns costs (README, "What a call costs"): RankBridge's way of making
// it (core/publicPromise.ts) beside Promise.new's, left unused or with a caller's `catch` on it.
// For each: the CPU to make `calls` of them and to settle them, per Promise (median of `runs`
// runs, and the fastest run), and the heap each holds while pending. Before each timed run the
// collector is taken through a whole cycle (liveHeapKb), so that no run pays for another's garbage
// beyond its own.
import { PROMISE_MAKERS, PromiseMaker } from "../../src/core/publicPromise";
import { Clocks, median, round } from "./clock";
import { columns } from "./columns";
import { runDeferred } from "./frames";
import { liveHeapKb } from "./heap";

export interface CallCost {
	/** "RankBridge" (publicPromise.ts) or "Promise.new". */
	madeBy: string;
	/** "unused", or "catch": the caller chained one `catch` on it while it was pending. */
	use: string;
	makeMicros: number;
	makeFastestMicros: number;
	settleMicros: number;
	settleFastestMicros: number;
	/** Live heap per Promise while pending, and with its `catch` when used so. */
	pendingBytes: number;
}

const MAKERS: Array<[string, PromiseMaker]> = [
	["RankBridge", PROMISE_MAKERS.light],
	["Promise.new", PROMISE_MAKERS.fallback],
];
const USES = ["unused", "catch"];

const ignore = () => {};

function make(maker: PromiseMaker, use: string, calls: number): Array<Promise<unknown>> {
	const made = new Array<Promise<unknown>>(calls);
	for (let i = 0; i < calls; i++) {
		const promise = maker.pending<unknown>();
		if (use === "catch") promise.catch(ignore);
		made.push(promise);
	}
	return made;
}

export function callCosts(clocks: Clocks, calls: number, runs: number): Array<CallCost> {
	const costs = new Array<CallCost>();
	for (const [madeBy, maker] of MAKERS) {
		for (const use of USES) {
			const makeRuns = new Array<number>();
			const settleRuns = new Array<number>();
			for (let run = 0; run < runs; run++) {
				liveHeapKb();
				const started = clocks.cpu();
				const made = make(maker, use, calls);
				const madeAt = clocks.cpu();
				for (const promise of made) maker.settle(promise, true, 1);
				const settledAt = clocks.cpu();
				makeRuns.push(((madeAt - started) / calls) * 1e6);
				settleRuns.push(((settledAt - madeAt) / calls) * 1e6);
				runDeferred();
			}
			const before = liveHeapKb();
			const held = make(maker, use, calls);
			const pendingBytes = ((liveHeapKb() - before) * 1024) / held.size();
			for (const promise of held) maker.settle(promise, true, 1);
			runDeferred();
			costs.push({
				madeBy,
				use,
				makeMicros: round(median(makeRuns), 2),
				makeFastestMicros: round(math.min(...makeRuns), 2),
				settleMicros: round(median(settleRuns), 2),
				settleFastestMicros: round(math.min(...settleRuns), 2),
				pendingBytes: round(pendingBytes, 0),
			});
		}
	}
	return costs;
}

export function formatCallCosts(costs: Array<CallCost>, calls: number, runs: number): string {
	const rows = [["made by", "use", "make µs", "settle µs", "heap while pending"]];
	for (const cost of costs) {
		rows.push([
			cost.madeBy,
			cost.use,
			`${cost.makeMicros} (${cost.makeFastestMicros})`,
			`${cost.settleMicros} (${cost.settleFastestMicros})`,
			`${cost.pendingBytes} B`,
		]);
	}
	const title = `What a call's Promise costs: ${calls} Promises a run, median of ${runs} runs (the fastest in brackets), process CPU per Promise`;
	return [title, ...columns(rows, [13, 8, 17, 17])].join("\n");
}
