// Throughput at steady state, counted where the service counts: the virtual second it applied
// each rank change, and each request's arrival.
//
// Steady state: every 60-s window that starts after the first minute (a sliding window starts
// empty, so the first minute lets a whole window's worth through at once and flatters any short
// run) and ends before fewer than a window's worth of actions remained (an ideal client is never
// short of work until then). Windows at every start in that span, not only at whole minutes: a
// client that sends in bursts a little more than a minute apart fills windows at whole minutes,
// and only the average over every start sees the gaps. So a figure is the mean, over window
// starts t in [from, to], of what fell in [t, t + 60).

export const WINDOW_SECONDS = 60;

export interface SteadySpan {
	/** First and last window start; `to` ≤ `from` when the run was too short to have one. */
	from: number;
	to: number;
}

export function steadySpan(applied: Array<number>, limit: number): SteadySpan {
	const sorted = [...applied];
	sorted.sort((a, b) => a < b);
	const lastFull = sorted[sorted.size() - limit - 1];
	return { from: WINDOW_SECONDS, to: lastFull !== undefined ? lastFull - WINDOW_SECONDS : 0 };
}

export function hasSteadySpan(span: SteadySpan): boolean {
	return span.to > span.from;
}

/** The share of window starts in the span whose window holds an event at `at`. */
function weight(at: number, span: SteadySpan): number {
	const overlap = math.min(at, span.to) - math.max(at - WINDOW_SECONDS, span.from);
	return overlap > 0 ? overlap / (span.to - span.from) : 0;
}

/** Rank changes applied per window in the span, as a share of `limit` (0 without a span). */
export function steadyRatio(applied: Array<number>, span: SteadySpan, limit: number): number {
	if (!hasSteadySpan(span)) return 0;
	let mean = 0;
	for (const at of applied) mean += weight(at, span);
	return mean / limit;
}

/**
 * The best any client could apply in the same windows, as a share of `limit`: every request the
 * limit allows, less what the scenario's faults take. A request answered 5xx (the injected server
 * errors) changes nothing, and every request has the same chance of it, so the share of arrivals
 * answered 5xx is lost from any client's requests; a request answered 429 (the injected burst) is
 * lost too. A Retry-After pause costs nothing over a window: the slots it leaves unused can be
 * caught up right after it. A timeout that applied costs nothing (the change landed), nor does a
 * shutdown (nothing need be lost).
 */
export function bestRatio(arrivals: Array<{ at: number; status: number }>, span: SteadySpan, limit: number): number {
	if (!hasSteadySpan(span)) return 0;
	let all = 0;
	let failed = 0;
	let throttled = 0;
	for (const { at, status } of arrivals) {
		const share = weight(at, span);
		all += share;
		if (status >= 500) failed += share;
		else if (status === 429) throttled += share;
	}
	return 1 - (all > 0 ? failed / all : 0) - throttled / limit;
}

/**
 * The most requests that arrived in any `seconds` within the span's windows, as a share of
 * `limit`: a tenth of it when requests are spread evenly through a 60-s window, all of it when
 * each window's requests come in one burst.
 */
export function peakShare(arrivals: Array<{ at: number }>, span: SteadySpan, limit: number, seconds = WINDOW_SECONDS / 10): number {
	const times = new Array<number>();
	for (const { at } of arrivals) if (at >= span.from && at < span.to + WINDOW_SECONDS) times.push(at);
	times.sort((a, b) => a < b);
	let most = 0;
	let first = 0;
	const count = times.size();
	for (let i = 0; i < count; i++) {
		while (times[i] - times[first] >= seconds) first += 1;
		most = math.max(most, i - first + 1);
	}
	return most / limit;
}
