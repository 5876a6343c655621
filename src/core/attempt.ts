/**
 * Runs `body` now; a throw (a bad argument) becomes a rejection. Done with pcall rather than a
 * promise chain: every Promise keeps its creation traceback, and the hot path should create as
 * few as it can.
 */
export function attempt<T>(body: () => Promise<T>): Promise<T> {
	const [ok, result] = pcall(body);
	return ok ? result : (Promise.reject(result) as Promise<T>);
}
