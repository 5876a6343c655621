// The floor: what one request costs at the least. A RankGun setRank body encoded with
// HttpService:JSONEncode, sent by `roundTrip` (the runner's: a POST over loopback to a server in
// another process, so only the client's side is counted), the answer decoded with JSONDecode;
// `requests` of them back to back, CPU per request, the median of `runs`.
import { HttpService } from "@rbxts/services";
import { Clocks, median, round, startSpan } from "./clock";

/** Sends a request body and returns the answer's body. */
export type RoundTrip = (body: string) => string;

export function floorMicros(roundTrip: RoundTrip, clocks: Clocks, requests: number, runs: number): { micros: number; runs: Array<number> } {
	// The connection is opened (and kept) before anything is counted.
	for (let i = 0; i < 20; i++) roundTrip(HttpService.JSONEncode({ userId: 1, rankId: 20, reason: "warm-up" }));
	const results = new Array<number>();
	for (let run = 0; run < runs; run++) {
		const span = startSpan(clocks);
		let answered = 0;
		for (let i = 0; i < requests; i++) {
			const body = HttpService.JSONEncode({ userId: 1_000_000 + i, rankId: 20, reason: "floor" });
			const answer = HttpService.JSONDecode(roundTrip(body));
			if (answer !== undefined) answered += 1;
		}
		if (answered < requests) error(`the floor's server answered ${answered} of ${requests} requests`);
		results.push(round((span().cpu / requests) * 1e6, 1));
	}
	return { micros: median(results), runs: results };
}
