// Waiting for a promise that must reject. Plain `error` rather than `expect`: TestEZ only puts
// `expect` in the environment of the spec function itself, not of helpers outside it.
import { RankError } from "../../../src/core/errors";

/** Waits for `promise` and returns the RankError it rejected with; errors if it resolved or rejected with something else. */
export function rejection(promise: Promise<unknown>): RankError {
	const [ok, raised] = promise.await();
	if (ok) error("expected the promise to reject, but it resolved", 2);
	if (!RankError.is(raised)) error(`expected a RankError, got ${tostring(raised)}`, 2);
	return raised;
}

/** Plain-text search. */
export function contains(text: string, part: string): boolean {
	return text.find(part, 1, true)[0] !== undefined;
}
