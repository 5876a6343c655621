// Which RankGun sessions a feature works on, and finding one by what an admin typed.
import type { Session } from "../api/surface";

/** Matches sessions of the given types (names in any case, or ids); every session when none are given. */
export function typeFilter(types: ReadonlyArray<string> | undefined): (session: Session) => boolean {
	if (types === undefined || types.size() === 0) return () => true;
	const wanted = types.map((name) => name.lower());
	return (session) => wanted.includes(session.sessionTypeId.lower()) || wanted.includes(session.sessionTypeName.lower());
}

/** Sessions whose id is `text`, or whose title starts with it (any case). */
export function sessionsNamed(sessions: ReadonlyArray<Session>, text: string): Array<Session> {
	const wanted = text.lower();
	const byId = sessions.filter((session) => session.id === text);
	if (byId.size() > 0) return byId;
	const exact = sessions.filter((session) => session.title.lower() === wanted);
	if (exact.size() > 0) return exact;
	return sessions.filter((session) => session.title.lower().sub(1, wanted.size()) === wanted);
}

/** The durable id of "mark this user attended in this session": the same on every server. */
export function attendanceActionId(sessionId: string, userId: number): string {
	return `attend/${sessionId}/${userId}`;
}

/** Whether an action's result says it was not run because it had been done already (a replay). */
export function wasAlreadyDone(result: unknown): boolean {
	return typeIs(result, "table") && (result as { alreadyDone?: unknown }).alreadyDone === true;
}
