// Work that must run off the caller's thread (it may yield, or raise without touching the caller)
// on a thread reused from the last such work that returned: a thread is made only when earlier
// work still holds one (it yielded) or ended it (it raised). Signal handlers and engine calls run
// this way; a new thread per run was most of what each allocated.

/** A thread whose last work returned, waiting for the next, if any. */
let freeThread: thread | undefined;

function run(work: (a: unknown, b: unknown, c: unknown) => void, a: unknown, b: unknown, c: unknown) {
	const mine = freeThread;
	freeThread = undefined;
	work(a, b, c);
	// The work returned (it may have yielded meanwhile): this thread is free again.
	freeThread = mine;
}

function worker() {
	for (;;) {
		const [work, a, b, c] = coroutine.yield();
		run(work as (a: unknown, b: unknown, c: unknown) => void, a, b, c);
	}
}

/**
 * Runs `work(a, b, c)` now, on a reused thread (task.spawn: what it raises ends that thread and
 * the engine reports it). Returns once it has returned or first yielded. Three fixed arguments,
 * not a rest parameter, which roblox-ts would pack into a table each call.
 */
export function spawnReused<A, B, C>(work: (a: A, b: B, c: C) => void, a: A, b?: B, c?: C) {
	if (!freeThread) {
		freeThread = coroutine.create(worker);
		coroutine.resume(freeThread);
	}
	task.spawn(freeThread, work, a, b, c);
}
