// Adding people to a session and updating their role or attendance.
import { failure, Failure, isFailure, ok } from "./responses";
import { Call, RouteTable } from "./routes";
import { participantJson } from "./sessionJson";
import { sessionWrite } from "./sessions";
import { ATTENDANCE_STATUSES } from "./types";
import { isPositiveInteger, parseUserIdText } from "./validate";
import { RankGunWorkspace } from "./workspace";

/** `role` must name a configured session role exactly; the 400 lists the valid names. */
function sessionRole(workspace: RankGunWorkspace, value: unknown): string | Failure {
	const names = workspace.sessionRoles.map((role) => role.name);
	const role = typeIs(value, "string") ? names.find((name) => name === value) : undefined;
	return role ?? failure(400, "INVALID_ROLE", `Unknown session role "${tostring(value)}". Valid roles: ${names.join(", ")}.`);
}

function attendance(value: unknown): string | Failure {
	const status = typeIs(value, "string") ? ATTENDANCE_STATUSES.find((candidate) => candidate === value) : undefined;
	return status ?? failure(400, "INVALID_ATTENDANCE_STATUS", `attendanceStatus must be one of: ${ATTENDANCE_STATUSES.join(", ")}.`);
}

function add(call: Call) {
	const { workspace, now, context } = call;
	const write = sessionWrite(call);
	if (isFailure(write)) return write;
	const { body, actor, session } = write;
	const robloxId = body.robloxId;
	if (!isPositiveInteger(robloxId)) return failure(400, "INVALID_BODY", "robloxId is required and must be a Roblox user id.");
	if (!workspace.isStaff(robloxId)) return failure(400, "NOT_WORKSPACE_MEMBER", `User ${robloxId} is not a member of this workspace.`);
	let role: string | Failure;
	if (body.role === undefined) {
		const fallback = workspace.defaultSessionRole();
		if (!fallback) return failure(400, "NO_DEFAULT_ROLE", "No role given and this workspace has no default session role.");
		role = fallback.name;
	} else role = sessionRole(workspace, body.role);
	if (isFailure(role)) return role;
	const status = body.attendanceStatus === undefined ? "invited" : attendance(body.attendanceStatus);
	if (isFailure(status)) return status;
	if (session.participants.some((participant) => participant.robloxId === robloxId)) {
		return failure(409, "ALREADY_PARTICIPANT", `User ${robloxId} is already a participant in this session.`);
	}
	const at = math.floor(now);
	// The add page shows respondedAt null even with an attendanceStatus: only updates stamp it.
	const participant = workspace.addParticipant(session.id, { robloxId, role, attendanceStatus: status, invitedAt: at });
	workspace.sessionLog.push({ action: "addParticipant", sessionId: session.id, actorRobloxId: actor, detail: `${robloxId} as ${role}`, at });
	return ok({ success: true, participant: participantJson(context, participant) }, 201);
}

function update(call: Call) {
	const { workspace, now, context } = call;
	const write = sessionWrite(call);
	if (isFailure(write)) return write;
	const { body, actor, session } = write;
	const robloxId = parseUserIdText(call.params.robloxId);
	const participant = robloxId !== undefined ? workspace.participant(session.id, robloxId) : undefined;
	if (!participant) {
		return failure(404, "PARTICIPANT_NOT_FOUND", `User ${call.params.robloxId} is not a participant in this session.`);
	}
	if (body.role === undefined && body.attendanceStatus === undefined) {
		return failure(400, "INVALID_BODY", "Give at least one of role and attendanceStatus.");
	}
	const role = body.role === undefined ? undefined : sessionRole(workspace, body.role);
	if (isFailure(role)) return role;
	const status = body.attendanceStatus === undefined ? undefined : attendance(body.attendanceStatus);
	if (isFailure(status)) return status;
	const at = math.floor(now);
	if (role !== undefined) participant.role = role;
	if (status !== undefined) {
		participant.attendanceStatus = status;
		participant.respondedAt = at;
	}
	const detail = `${participant.robloxId}: role ${participant.role}, attendance ${participant.attendanceStatus}`;
	workspace.sessionLog.push({ action: "updateParticipant", sessionId: session.id, actorRobloxId: actor, detail, at });
	return ok({ success: true, participant: participantJson(context, participant) });
}

export function addParticipantRoutes(routes: RouteTable) {
	routes.api("POST", "/api/sessions/:sessionId/participants", add);
	routes.api("PATCH", "/api/sessions/:sessionId/participants/:robloxId", update);
}
