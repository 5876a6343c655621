// Hyra's notion of time: Firestore timestamps on the wire and a quota day that starts at
// 05:00 UTC (midnight US Eastern standard time), as its introduction states.

const DAY = 86400;
const RESET_OFFSET = 5 * 3600;

export type FirestoreTimestamp = {
	readonly _seconds: number;
	readonly _nanoseconds: number;
};

/** `{_seconds, _nanoseconds}` as Hyra writes them (its examples carry millisecond precision). */
export function firestoreTimestamp(unixSeconds: number): FirestoreTimestamp {
	const whole = math.floor(unixSeconds);
	return { _seconds: whole, _nanoseconds: math.floor((unixSeconds - whole) * 1000) * 1000000 };
}

/** Which quota day `unixSeconds` falls in; days change at 05:00 UTC. */
export function quotaDay(unixSeconds: number): number {
	return math.floor((unixSeconds - RESET_OFFSET) / DAY);
}

/** Unix seconds of the next 05:00 UTC after `unixSeconds`. */
export function nextQuotaReset(unixSeconds: number): number {
	return (quotaDay(unixSeconds) + 1) * DAY + RESET_OFFSET;
}
