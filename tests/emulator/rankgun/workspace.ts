// One RankGun workspace: its plan, key, counters, staff and records, with the typed seeding
// and inspection API specs use.
import { EmulatorContext } from "../context";
import { Group, RobloxUser } from "../roblox";
import { MONTHLY_RANK_QUOTA, RankUsage, RateLimit, RateLimiter } from "./limits";
import {
	ActivityRecord,
	ActivitySeed,
	ApplicationForm,
	CentreRank,
	CentreRankSeed,
	FormSeed,
	Participant,
	ParticipantSeed,
	RankAction,
	Session,
	SessionAuditEntry,
	SessionRole,
	SessionRoleSeed,
	SessionSeed,
	SessionType,
	SessionTypeSeed,
	Tier,
} from "./types";
import { DEFAULT_SESSION_ROLES, DEFAULT_SESSION_TYPES, RankGunWorkspaceSeed, SESSION_CAP } from "./workspaceSeed";

function slugify(name: string): string {
	const [lower] = name.lower().gsub("[^%w]+", "-");
	const [trimmed] = lower.gsub("^%-+", "");
	const [slug] = trimmed.gsub("%-+$", "");
	return slug;
}

export class RankGunWorkspace {
	readonly id: string;
	key: string;
	name: string;
	readonly slug: string;
	tier: Tier;
	isActive: boolean;
	/** A deleted workspace's key answers 404 "workspace not found". */
	deleted = false;
	readonly createdAt: number;
	readonly usage: RankUsage;
	maxRank?: number;
	requestsPerWindow?: number;
	windowSeconds?: number;
	sessionCap: number;
	readonly limiter = new RateLimiter();
	readonly staff = new Set<number>();
	readonly sessionTypes = new Array<SessionType>();
	readonly sessionRoles = new Array<SessionRole>();
	readonly sessions = new Array<Session>();
	readonly activity = new Map<number, ActivityRecord>();
	readonly centreRanks = new Array<CentreRank>();
	readonly forms = new Array<ApplicationForm>();
	/** Every successful rank action, oldest first. */
	readonly rankLog = new Array<RankAction>();
	/** Every session write with its actor, oldest first. */
	readonly sessionLog = new Array<SessionAuditEntry>();

	constructor(
		private readonly context: EmulatorContext,
		readonly group: Group,
		readonly bot: RobloxUser,
		seed: RankGunWorkspaceSeed,
	) {
		const now = context.now();
		this.id = context.ids.convex("j");
		this.key = seed.key ?? `rg_${context.ids.hex(40)}`;
		this.name = seed.name ?? group.name;
		this.slug = slugify(this.name);
		this.tier = seed.tier ?? "free";
		this.isActive = seed.active ?? true;
		this.createdAt = math.floor(now);
		this.usage = new RankUsage(now);
		this.usage.ranksThisMonth = seed.ranksThisMonth ?? 0;
		this.usage.ranksToday = seed.ranksToday ?? 0;
		this.usage.lastRankAt = seed.lastRankAt;
		if (seed.usageResetAt !== undefined) this.usage.usageResetAt = seed.usageResetAt;
		this.maxRank = seed.maxRank;
		this.requestsPerWindow = seed.requestsPerWindow;
		this.windowSeconds = seed.windowSeconds;
		this.sessionCap = seed.sessionCap ?? SESSION_CAP;
		// The group's owner set the workspace up; anyone else joins it through the dashboard.
		this.staff.add(group.ownerId);
		if (seed.staffFromGroup === true) for (const [userId] of group.members) this.staff.add(userId);
		for (const userId of seed.staff ?? []) this.addStaff(userId);
		for (const typeSeed of seed.sessionTypes ?? DEFAULT_SESSION_TYPES) this.addSessionType(typeSeed);
		for (const roleSeed of seed.sessionRoles ?? DEFAULT_SESSION_ROLES) this.addSessionRole(roleSeed);
		for (const sessionSeed of seed.sessions ?? []) this.addSession(sessionSeed);
		for (const activitySeed of seed.activity ?? []) this.setActivity(activitySeed);
		for (const rankSeed of seed.centreRanks ?? []) this.addCentreRank(rankSeed);
		for (const formSeed of seed.forms ?? []) this.addForm(formSeed);
	}

	// Plan, key and limits.

	monthlyQuota(): number {
		return MONTHLY_RANK_QUOTA[this.tier];
	}

	setTier(tier: Tier) {
		this.tier = tier;
	}

	setActive(active: boolean) {
		this.isActive = active;
	}

	/** Deletes the workspace: its key then answers 404 as the docs list for a missing workspace. */
	remove() {
		this.deleted = true;
	}

	/** As the owner's "regenerate": the old key then answers 403 INVALID_API_KEY. */
	regenerateKey(key?: string): string {
		this.key = key ?? `rg_${this.context.ids.hex(40)}`;
		return this.key;
	}

	/** Sets how many rank actions the month has already used. */
	setRanksThisMonth(count: number) {
		this.usage.refresh(this.context.now());
		this.usage.ranksThisMonth = count;
	}

	setMaxRank(rank: number | undefined) {
		this.maxRank = rank;
	}

	/** Overrides the service's rate limit for this workspace (undefined restores it) and clears the window. */
	setRateLimit(requestsPerWindow: number | undefined, windowSeconds?: number) {
		this.requestsPerWindow = requestsPerWindow;
		this.windowSeconds = windowSeconds;
		this.limiter.clear();
	}

	/** The limit in force: this workspace's override, else the service's. */
	rateLimit(service: RateLimit): RateLimit {
		return {
			requestsPerWindow: this.requestsPerWindow ?? service.requestsPerWindow,
			windowSeconds: this.windowSeconds ?? service.windowSeconds,
		};
	}

	// Staff.

	addStaff(userId: number): RobloxUser {
		const user = this.context.roblox.user(userId);
		this.staff.add(userId);
		return user;
	}

	removeStaff(userId: number) {
		this.staff.delete(userId);
	}

	isStaff(userId: number): boolean {
		return this.staff.has(userId);
	}

	// Session types, roles, sessions.

	addSessionType(seed: SessionTypeSeed): SessionType {
		const sessionType: SessionType = {
			id: seed.id ?? this.context.ids.convex("j"),
			name: seed.name,
			description: seed.description ?? "",
			color: seed.color ?? "#6366f1",
			defaultDurationMinutes: seed.defaultDurationMinutes ?? 60,
			isActive: seed.isActive ?? true,
		};
		this.sessionTypes.push(sessionType);
		return sessionType;
	}

	sessionType(id: string): SessionType | undefined {
		return this.sessionTypes.find((sessionType) => sessionType.id === id);
	}

	addSessionRole(seed: SessionRoleSeed): SessionRole {
		const role = { name: seed.name, isDefault: seed.isDefault ?? false };
		this.sessionRoles.push(role);
		return role;
	}

	/** Replaces the configured session roles (e.g. with none flagged default). */
	setSessionRoles(seeds: ReadonlyArray<SessionRoleSeed>) {
		this.sessionRoles.clear();
		for (const seed of seeds) this.addSessionRole(seed);
	}

	defaultSessionRole(): SessionRole | undefined {
		return this.sessionRoles.find((role) => role.isDefault);
	}

	addSession(seed: SessionSeed): Session {
		const now = math.floor(this.context.now());
		const sessionType = this.sessionTypes.find((candidate) => candidate.id === seed.type || candidate.name === seed.type);
		if (!sessionType) error(`addSession: the workspace has no session type "${seed.type}"`);
		const status = seed.status ?? "scheduled";
		const start = seed.scheduledStartAt;
		const finish = seed.scheduledEndAt ?? start + sessionType.defaultDurationMinutes * 60;
		const started = status === "in_progress" || status === "completed";
		const session: Session = {
			id: seed.id ?? this.context.ids.convex("k"),
			title: seed.title,
			sessionTypeId: sessionType.id,
			status,
			scheduledStartAt: start,
			scheduledEndAt: finish,
			actualStartAt: seed.actualStartAt ?? (started ? start : undefined),
			actualEndAt: seed.actualEndAt ?? (status === "completed" ? finish : undefined),
			createdByRobloxId: seed.createdByRobloxId ?? this.group.ownerId,
			cancelledAt: seed.cancelledAt ?? (status === "cancelled" ? now : undefined),
			cancellationReason: seed.cancellationReason,
			notes: seed.notes,
			summary: seed.summary,
			createdAt: seed.createdAt ?? now,
			updatedAt: now,
			participants: [],
		};
		this.sessions.push(session);
		for (const participantSeed of seed.participants ?? []) this.addParticipant(session.id, participantSeed);
		return session;
	}

	session(id: string): Session | undefined {
		return this.sessions.find((session) => session.id === id);
	}

	/** Puts a user on a session directly (no actor, no checks beyond the role existing). */
	addParticipant(sessionId: string, seed: ParticipantSeed): Participant {
		const session = this.session(sessionId);
		if (!session) error(`addParticipant: no session ${sessionId} in this workspace`);
		const role = seed.role ?? this.defaultSessionRole()?.name;
		if (role === undefined) error("addParticipant: no role given and the workspace has no default session role");
		this.context.roblox.user(seed.robloxId);
		const participant: Participant = {
			robloxId: seed.robloxId,
			role,
			attendanceStatus: seed.attendanceStatus ?? "invited",
			invitedAt: seed.invitedAt ?? math.floor(this.context.now()),
			respondedAt: seed.respondedAt,
		};
		session.participants.push(participant);
		return participant;
	}

	participant(sessionId: string, robloxId: number): Participant | undefined {
		return this.session(sessionId)?.participants.find((participant) => participant.robloxId === robloxId);
	}

	// Activity and the centres.

	setActivity(seed: ActivitySeed): ActivityRecord {
		const now = math.floor(this.context.now());
		this.context.roblox.user(seed.robloxId);
		const isOnline = seed.isOnline ?? false;
		const record: ActivityRecord = {
			robloxId: seed.robloxId,
			totalTimeSeconds: seed.totalTimeSeconds ?? 0,
			timeThisPeriod: seed.timeThisPeriod ?? 0,
			streakDays: seed.streakDays ?? 0,
			isOnline,
			lastPingAt: seed.lastPingAt ?? (isOnline ? now : undefined),
			currentSessionStart: seed.currentSessionStart ?? (isOnline ? now : undefined),
			periodStartAt: seed.periodStartAt ?? now - 7 * 86400,
		};
		this.activity.set(seed.robloxId, record);
		return record;
	}

	private roleName(rank: number): string {
		return this.group.roleByRank(rank)?.name ?? `Rank ${rank}`;
	}

	addCentreRank(seed: CentreRankSeed): CentreRank {
		const now = math.floor(this.context.now());
		const rankName = seed.rankName ?? this.roleName(seed.rankId);
		const rank: CentreRank = {
			id: seed.id ?? this.context.ids.convex("m"),
			header: seed.header ?? rankName,
			body: seed.body ?? `Buy the pass to become ${rankName}.`,
			rankId: seed.rankId,
			rankName,
			gamepassId: seed.gamepassId,
			isActive: seed.isActive ?? true,
			createdAt: now,
			updatedAt: now,
		};
		this.centreRanks.push(rank);
		return rank;
	}

	addForm(seed: FormSeed): ApplicationForm {
		const now = math.floor(this.context.now());
		const form: ApplicationForm = {
			id: seed.id ?? this.context.ids.convex("n"),
			name: seed.name,
			description: seed.description ?? "",
			isActive: seed.isActive ?? true,
			isPublic: seed.isPublic ?? false,
			targetRankId: seed.targetRankId,
			targetRankName: seed.targetRankName ?? this.roleName(seed.targetRankId),
			passPercentage: seed.passPercentage ?? 80,
			cooldownHours: seed.cooldownHours ?? 24,
			maxSubmissions: seed.maxSubmissions,
			createdAt: now,
			updatedAt: now,
			questions: [],
		};
		(seed.questions ?? []).forEach((question, index) =>
			form.questions.push({
				id: this.context.ids.convex("q"),
				order: index + 1,
				questionText: question.questionText,
				questionType: "multiple_choice",
				isRequired: question.isRequired ?? true,
				correctAnswer: question.correctAnswer,
				incorrectAnswers: [...question.incorrectAnswers],
				points: question.points ?? 1,
			}),
		);
		this.forms.push(form);
		return form;
	}

	// Inspection.

	/** Successful rank actions, oldest first (a copy). */
	rankActions(): Array<RankAction> {
		return [...this.rankLog];
	}

	/** Successful rank actions on one user. */
	rankActionsFor(userId: number): Array<RankAction> {
		return this.rankLog.filter((action) => action.userId === userId);
	}
}
