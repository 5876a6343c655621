/** Times a stand-in's calls whole, less suspensions and the game's own code inside them (see serviceClock.lua). */
export declare class ServiceClock {
	/** Seconds of stand-in work so far. */
	readonly seconds: number;
	/** Runs `body(...args)` as one call, timed (a call made within another is part of it). */
	time<A extends Array<unknown>, R>(body: (...args: A) => R, ...args: A): R;
	/** Leaves `seconds` of the running call out of its time: the game's own code ran. */
	exclude(seconds: number): void;
	/** The running call's thread is about to yield: what it did so far is counted now. */
	suspend(): void;
	/** The running call's thread goes on; the engine began waking it at `since` (monotonic os.clock()). */
	resumed(since: number): void;
}

/** Times the named methods of a stand-in class as whole calls, on the clock `clockOf(object)` gives. */
export declare function timeMethods<T>(classTable: object, names: ReadonlyArray<keyof T & string>, clockOf: (object: T) => ServiceClock): void;
