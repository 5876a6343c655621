// Session reads and writes: list, upcoming, types, get, create, status transitions.
import { NULL } from "../json";
import { requireActor } from "./actor";
import { failure, Failure, isFailure, ok } from "./responses";
import { Call, RouteTable } from "./routes";
import { sessionSummary, sessionWithParticipants } from "./sessionJson";
import { Session, SESSION_STATUSES, SessionStatus } from "./types";
import { Body, optionalString, queryLimit, queryTimestamp, readBody, timestamp } from "./validate";

// Defaults and ceilings for `limit` are not documented. The list page names only a negative
// limit as an error, so it clamps large ones (as cursor APIs usually do); the upcoming page
// says "out of range" is a 400, so that one rejects.
const LIST_LIMIT = { default: 50, max: 100 };
const UPCOMING_LIMIT = { default: 10, max: 50 };

/** The documented transitions; anything else is a 400. */
const TRANSITIONS: Record<SessionStatus, ReadonlyArray<SessionStatus>> = {
	scheduled: ["in_progress", "cancelled"],
	in_progress: ["completed", "cancelled"],
	completed: [],
	cancelled: [],
};

/** Newest scheduled start first; the id breaks ties so pages never overlap. */
function before(a: Session, b: Session): boolean {
	return a.scheduledStartAt > b.scheduledStartAt || (a.scheduledStartAt === b.scheduledStartAt && a.id > b.id);
}

// The cursor format is not documented (only that it is a string to pass back). It names the
// last session's position, start time and id, so a page boundary survives inserts and edits.
function encodeCursor(session: Session): string {
	return `${session.scheduledStartAt}_${session.id}`;
}

function decodeCursor(text: string): { start: number; id: string } | undefined {
	const [start, id] = text.match("^(%d+)_(%w+)$");
	if (start === undefined || id === undefined) return undefined;
	return { start: tonumber(start)!, id: id as string };
}

function parseStatus(text: string | undefined): SessionStatus | undefined | Failure {
	if (text === undefined || text === "") return undefined;
	const status = SESSION_STATUSES.find((candidate) => candidate === text);
	return status ?? failure(400, "INVALID_STATUS", `status must be one of: ${SESSION_STATUSES.join(", ")}.`);
}

function list({ workspace, request, context }: Call) {
	const status = parseStatus(request.query.status);
	if (isFailure(status)) return status;
	const limit = queryLimit(request.query.limit, LIST_LIMIT.default, LIST_LIMIT.max, true);
	if (isFailure(limit)) return limit;
	const from = queryTimestamp(request.query.from, "from");
	if (isFailure(from)) return from;
	const to = queryTimestamp(request.query.to, "to");
	if (isFailure(to)) return to;
	if (from !== undefined && to !== undefined && from > to) return failure(400, "INVALID_RANGE", "from must not be after to.");
	let after: { start: number; id: string } | undefined;
	const cursorText = request.query.cursor;
	if (cursorText !== undefined && cursorText !== "") {
		after = decodeCursor(cursorText);
		if (!after) return failure(400, "INVALID_CURSOR", "cursor is not a cursor this endpoint returned.");
	}
	const matching = workspace.sessions.filter(
		(session) =>
			(status === undefined || session.status === status) &&
			(from === undefined || session.scheduledStartAt >= from) &&
			(to === undefined || session.scheduledStartAt <= to) &&
			(after === undefined || session.scheduledStartAt < after.start || (session.scheduledStartAt === after.start && session.id < after.id)),
	);
	matching.sort(before);
	const page = new Array<Session>();
	for (const session of matching) {
		if (page.size() >= limit) break;
		page.push(session);
	}
	const more = matching.size() > page.size();
	return ok({
		success: true,
		sessions: page.map((session) => sessionSummary(context, workspace, session)),
		nextCursor: more ? encodeCursor(page[page.size() - 1]) : NULL,
	});
}

function upcoming({ workspace, request, now, context }: Call) {
	const limit = queryLimit(request.query.limit, UPCOMING_LIMIT.default, UPCOMING_LIMIT.max, false);
	if (isFailure(limit)) return limit;
	const sessions = workspace.sessions.filter((session) => session.status === "scheduled" && session.scheduledStartAt > now);
	sessions.sort((a, b) => before(b, a));
	const page = new Array<Session>();
	for (const session of sessions) {
		if (page.size() >= limit) break;
		page.push(session);
	}
	return ok({ success: true, sessions: page.map((session) => sessionSummary(context, workspace, session)) });
}

function types({ workspace }: Call) {
	const active = workspace.sessionTypes.filter((sessionType) => sessionType.isActive);
	return ok({
		success: true,
		types: active.map((sessionType) => ({
			id: sessionType.id,
			name: sessionType.name,
			description: sessionType.description,
			color: sessionType.color,
			defaultDurationMinutes: sessionType.defaultDurationMinutes,
			isActive: sessionType.isActive,
		})),
	});
}

/** Another workspace's session is "not found" too, as documented, so nothing leaks. */
export function findSession(call: Call): Session | Failure {
	return call.workspace.session(call.params.sessionId) ?? failure(404, "SESSION_NOT_FOUND", "Session not found.");
}

/**
 * What every write to one session checks first, in RankGun's order: a JSON body, an actor who
 * is a workspace member, then the session itself.
 */
export function sessionWrite(call: Call): { body: Body; actor: number; session: Session } | Failure {
	const body = readBody(call.request);
	if (isFailure(body)) return body;
	const actor = requireActor(call.workspace, body);
	if (isFailure(actor)) return actor;
	const session = findSession(call);
	if (isFailure(session)) return session;
	return { body, actor, session };
}

function get(call: Call) {
	const session = findSession(call);
	if (isFailure(session)) return session;
	return ok(sessionWithParticipants(call.context, call.workspace, session));
}

function create({ workspace, request, now, context }: Call) {
	const body = readBody(request);
	if (isFailure(body)) return body;
	const actor = requireActor(workspace, body);
	if (isFailure(actor)) return actor;
	const typeId = body.sessionTypeId;
	if (!typeIs(typeId, "string") || typeId === "") return failure(400, "INVALID_BODY", "sessionTypeId is required.");
	const sessionType = workspace.sessionType(typeId);
	if (!sessionType) return failure(400, "INVALID_SESSION_TYPE", "sessionTypeId does not name a session type of this workspace.");
	if (!sessionType.isActive) return failure(400, "INVALID_SESSION_TYPE", `Session type "${sessionType.name}" is not active.`);
	const title = body.title;
	if (!typeIs(title, "string") || title === "") return failure(400, "INVALID_BODY", "title is required.");
	const start = timestamp(body.scheduledStartAt, "scheduledStartAt");
	if (isFailure(start)) return start;
	const finish = timestamp(body.scheduledEndAt, "scheduledEndAt");
	if (isFailure(finish)) return finish;
	// "End before start" is the documented error; an end equal to the start is refused as well,
	// since a session needs some length.
	if (finish <= start) return failure(400, "INVALID_TIMESTAMP", "scheduledEndAt must be after scheduledStartAt.");
	const notes = optionalString(body, "notes");
	if (isFailure(notes)) return notes;
	if (workspace.sessions.size() >= workspace.sessionCap) {
		return failure(
			400,
			"SESSION_LIMIT_REACHED",
			`This workspace has reached its limit of ${workspace.sessionCap} sessions. Delete or archive old sessions to create new ones.`,
		);
	}
	const at = math.floor(now);
	const session = workspace.addSession({
		title,
		type: sessionType.id,
		scheduledStartAt: start,
		scheduledEndAt: finish,
		createdByRobloxId: actor,
		notes,
		createdAt: at,
	});
	workspace.sessionLog.push({ action: "create", sessionId: session.id, actorRobloxId: actor, detail: title, at });
	return ok(sessionWithParticipants(context, workspace, session), 201);
}

function changeStatus(call: Call) {
	const { workspace, now, context } = call;
	const write = sessionWrite(call);
	if (isFailure(write)) return write;
	const { body, actor, session } = write;
	const wanted = body.status;
	const status = typeIs(wanted, "string") ? SESSION_STATUSES.find((candidate) => candidate === wanted) : undefined;
	if (status === undefined) return failure(400, "INVALID_STATUS", "status must be one of: in_progress, completed, cancelled.");
	if (!TRANSITIONS[session.status].includes(status)) {
		return failure(400, "INVALID_TRANSITION", `A ${session.status} session cannot become ${status}.`);
	}
	const summary = optionalString(body, "summary");
	if (isFailure(summary)) return summary;
	const reason = optionalString(body, "cancellationReason");
	if (isFailure(reason)) return reason;
	const at = math.floor(now);
	const from = session.status;
	session.status = status;
	session.updatedAt = at;
	if (status === "in_progress") session.actualStartAt = at;
	if (status === "completed") {
		session.actualEndAt = at;
		if (summary !== undefined) session.summary = summary;
	}
	if (status === "cancelled") {
		session.cancelledAt = at;
		if (reason !== undefined) session.cancellationReason = reason;
	}
	workspace.sessionLog.push({ action: "status", sessionId: session.id, actorRobloxId: actor, detail: `${from} -> ${status}`, at });
	return ok(sessionWithParticipants(context, workspace, session));
}

export function addSessionRoutes(routes: RouteTable) {
	// The fixed paths come before /api/sessions/:sessionId, which would otherwise take them.
	routes.api("GET", "/api/sessions/upcoming", upcoming);
	routes.api("GET", "/api/sessions/types", types);
	routes.api("GET", "/api/sessions", list);
	routes.api("POST", "/api/sessions", create);
	routes.api("GET", "/api/sessions/:sessionId", get);
	routes.api("PATCH", "/api/sessions/:sessionId/status", changeStatus);
}
