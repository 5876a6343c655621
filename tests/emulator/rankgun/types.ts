// RankGun's records as the emulator keeps them, and the seeds a test builds them from.
// Times are Unix seconds (RankGun's unit everywhere); `undefined` is written as JSON null.

export type Tier = "free" | "elite";

export type SessionStatus = "scheduled" | "in_progress" | "completed" | "cancelled";
export const SESSION_STATUSES: ReadonlyArray<SessionStatus> = ["scheduled", "in_progress", "completed", "cancelled"];

// The docs show "confirmed" and "attended" only; the full enum is not published. These are the
// states an RSVP-and-attendance model needs; "invited" is what a new participant starts as.
export const ATTENDANCE_STATUSES: ReadonlyArray<string> = ["invited", "confirmed", "declined", "attended", "absent", "excused"];

export interface SessionType {
	readonly id: string;
	name: string;
	description: string;
	color: string;
	defaultDurationMinutes: number;
	isActive: boolean;
}

export interface SessionRole {
	name: string;
	isDefault: boolean;
}

export interface Participant {
	readonly robloxId: number;
	role: string;
	attendanceStatus: string;
	invitedAt: number;
	respondedAt?: number;
}

export interface Session {
	readonly id: string;
	title: string;
	sessionTypeId: string;
	status: SessionStatus;
	scheduledStartAt: number;
	scheduledEndAt: number;
	actualStartAt?: number;
	actualEndAt?: number;
	createdByRobloxId: number;
	cancelledAt?: number;
	cancellationReason?: string;
	notes?: string;
	summary?: string;
	createdAt: number;
	updatedAt: number;
	readonly participants: Array<Participant>;
}

export interface ActivityRecord {
	readonly robloxId: number;
	totalTimeSeconds: number;
	timeThisPeriod: number;
	streakDays: number;
	isOnline: boolean;
	lastPingAt?: number;
	currentSessionStart?: number;
	periodStartAt: number;
}

/** A Ranking Centre reward: owning `gamepassId` makes a player eligible for rank `rankId`. */
export interface CentreRank {
	readonly id: string;
	header: string;
	body: string;
	rankId: number;
	rankName: string;
	gamepassId: number;
	isActive: boolean;
	createdAt: number;
	updatedAt: number;
}

export interface FormQuestion {
	readonly id: string;
	order: number;
	questionText: string;
	questionType: "multiple_choice";
	isRequired: boolean;
	correctAnswer: string;
	incorrectAnswers: Array<string>;
	points: number;
}

export interface ApplicationForm {
	readonly id: string;
	name: string;
	description: string;
	isActive: boolean;
	/** Sent only with the formIsPublic behaviour. */
	isPublic: boolean;
	targetRankId: number;
	targetRankName: string;
	passPercentage: number;
	cooldownHours: number;
	maxSubmissions?: number;
	createdAt: number;
	updatedAt: number;
	readonly questions: Array<FormQuestion>;
}

export type RankActionKind = "promote" | "demote" | "setrank";

/** One successful rank action, as the audit log keeps it. */
export interface RankAction {
	readonly kind: RankActionKind;
	/** "api" for /api/roblox/*, "legacy" for the V3 /roblox/* routes. */
	readonly via: "api" | "legacy";
	readonly userId: number;
	readonly oldRank: number;
	readonly newRank: number;
	readonly reason?: string;
	readonly at: number;
}

/** One session write, with the actor RankGun attributes it to. */
export interface SessionAuditEntry {
	readonly action: "create" | "status" | "addParticipant" | "updateParticipant";
	readonly sessionId: string;
	readonly actorRobloxId: number;
	readonly detail: string;
	readonly at: number;
}

export interface SessionTypeSeed {
	id?: string;
	name: string;
	description?: string;
	color?: string;
	defaultDurationMinutes?: number;
	isActive?: boolean;
}

export interface SessionRoleSeed {
	name: string;
	isDefault?: boolean;
}

export interface ParticipantSeed {
	robloxId: number;
	/** Default: the workspace's default session role. */
	role?: string;
	/** Default "invited". */
	attendanceStatus?: string;
	invitedAt?: number;
	respondedAt?: number;
}

export interface SessionSeed {
	id?: string;
	title: string;
	/** A session type's name or id. */
	type: string;
	/** Default "scheduled". */
	status?: SessionStatus;
	scheduledStartAt: number;
	/** Default: start plus the type's default duration. */
	scheduledEndAt?: number;
	/** Default: the group owner. */
	createdByRobloxId?: number;
	notes?: string;
	summary?: string;
	cancellationReason?: string;
	/** Defaults follow the status: in_progress/completed start at the scheduled start, and so on. */
	actualStartAt?: number;
	actualEndAt?: number;
	cancelledAt?: number;
	createdAt?: number;
	participants?: ReadonlyArray<ParticipantSeed>;
}

export interface ActivitySeed {
	robloxId: number;
	totalTimeSeconds?: number;
	timeThisPeriod?: number;
	streakDays?: number;
	isOnline?: boolean;
	lastPingAt?: number;
	/** Default: now when online, else absent. */
	currentSessionStart?: number;
	periodStartAt?: number;
}

export interface CentreRankSeed {
	id?: string;
	header?: string;
	body?: string;
	/** The group rank number the pass grants. */
	rankId: number;
	/** Default: the group role's name at that rank. */
	rankName?: string;
	gamepassId: number;
	isActive?: boolean;
}

export interface FormQuestionSeed {
	questionText: string;
	correctAnswer: string;
	incorrectAnswers: ReadonlyArray<string>;
	isRequired?: boolean;
	points?: number;
}

export interface FormSeed {
	id?: string;
	name: string;
	description?: string;
	isActive?: boolean;
	/** Default false. */
	isPublic?: boolean;
	targetRankId: number;
	/** Default: the group role's name at that rank. */
	targetRankName?: string;
	passPercentage?: number;
	cooldownHours?: number;
	maxSubmissions?: number;
	questions?: ReadonlyArray<FormQuestionSeed>;
}
