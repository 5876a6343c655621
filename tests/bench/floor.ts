// The floor: what one request costs at the least. A RankGun setRank body encoded with
// HttpService:JSONEncode, sent by `roundTrip` (the runner's: a POST over loopback to a server in
// another process, so only the client's side is counted), the answer decoded with JSONDecode;
// `requests` of them back to back, CPU per request; the bench reports the median of its runs.
import { HttpService } from "@rbxts/services";
import { Clocks, round, startSpan } from "./clock";

/** Sends a request body and returns the answer's body. */
export type RoundTrip = (body: string) => string;

/**
 * Opens the connection (kept, and not counted), then gives one run of the floor: `requests` round
 * trips back to back, CPU µs per request. The bench alternates these runs with the scenario's, so
 * both see the machine at the same moments (its speed drifts during a bench).
 */
export function floorRunner(roundTrip: RoundTrip, clocks: Clocks, requests: number): () => number {
	for (let i = 0; i < 20; i++) roundTrip(HttpService.JSONEncode({ userId: 1, rankId: 20, reason: "warm-up" }));
	return () => {
		const span = startSpan(clocks);
		let answered = 0;
		for (let i = 0; i < requests; i++) {
			const body = HttpService.JSONEncode({ userId: 1_000_000 + i, rankId: 20, reason: "floor" });
			const answer = HttpService.JSONDecode(roundTrip(body));
			if (answer !== undefined) answered += 1;
		}
		if (answered < requests) error(`the floor's server answered ${answered} of ${requests} requests`);
		return round((span().cpu / requests) * 1e6, 1);
	};
}
