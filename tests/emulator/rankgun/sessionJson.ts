// Sessions and participants as RankGun writes them; unset times and texts are JSON null.
import { EmulatorContext } from "../context";
import { JsonValue, NULL } from "../json";
import { Participant, Session } from "./types";
import { RankGunWorkspace } from "./workspace";

export function sessionSummary(context: EmulatorContext, workspace: RankGunWorkspace, session: Session): Record<string, JsonValue> {
	return {
		id: session.id,
		title: session.title,
		sessionTypeId: session.sessionTypeId,
		sessionTypeName: workspace.sessionType(session.sessionTypeId)?.name ?? "",
		status: session.status,
		scheduledStartAt: session.scheduledStartAt,
		scheduledEndAt: session.scheduledEndAt,
		actualStartAt: session.actualStartAt ?? NULL,
		actualEndAt: session.actualEndAt ?? NULL,
		createdByRobloxId: session.createdByRobloxId,
		createdByUsername: context.roblox.user(session.createdByRobloxId).name,
		cancelledAt: session.cancelledAt ?? NULL,
		cancellationReason: session.cancellationReason ?? NULL,
		createdAt: session.createdAt,
		updatedAt: session.updatedAt,
	};
}

export function sessionDetail(context: EmulatorContext, workspace: RankGunWorkspace, session: Session): Record<string, JsonValue> {
	const detail = sessionSummary(context, workspace, session);
	detail.notes = session.notes ?? NULL;
	detail.summary = session.summary ?? NULL;
	return detail;
}

export function participantJson(context: EmulatorContext, participant: Participant): Record<string, JsonValue> {
	const user = context.roblox.user(participant.robloxId);
	return {
		robloxId: participant.robloxId,
		robloxUsername: user.name,
		displayName: user.displayName,
		role: participant.role,
		attendanceStatus: participant.attendanceStatus,
		invitedAt: participant.invitedAt,
		respondedAt: participant.respondedAt ?? NULL,
	};
}

/** `{success, session, participants}` as get, create and status changes answer. */
export function sessionWithParticipants(context: EmulatorContext, workspace: RankGunWorkspace, session: Session): JsonValue {
	return {
		success: true,
		session: sessionDetail(context, workspace, session),
		participants: session.participants.map((participant) => participantJson(context, participant)),
	};
}
