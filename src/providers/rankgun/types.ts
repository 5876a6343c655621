// What RankGun answers, as RankBridge hands it to game code. Field names are RankGun's own;
// every time is Unix seconds. Fields RankGun sends as `null` arrive as nil (JSON null becomes nil
// in Luau), hence optional.

/** The result of promote, demote and setRank. */
export interface RankChange {
	userId: number;
	/**
	 * The rank before. From the service's answer, else from a rank read; nil only when neither
	 * gave it (RankGun left it out and GroupService is turned off).
	 */
	oldRank?: number;
	/** The rank after; nil on the same terms as oldRank. */
	newRank?: number;
	/** The member's Roblox username, when the service says. */
	username?: string;
}

/**
 * `bridge:workspace()`. RankGun's page shows this shape in an example only, so every field is
 * there only if RankGun sent it (the three tables always are, perhaps empty).
 */
export interface WorkspaceInfo {
	workspace: {
		id?: string;
		name?: string;
		slug?: string;
		groupId?: number;
		groupName?: string;
		groupIconUrl?: string;
		/** "free" or "elite". */
		tier?: string;
		isActive?: boolean;
		createdAt?: number;
	};
	usage: {
		ranksThisMonth?: number;
		ranksToday?: number;
		lastRankAt?: number;
		/** When the monthly rank quota starts again. */
		usageResetAt?: number;
	};
	limits: {
		maxRanksPerMonth?: number;
		maxAdmins?: number;
		maxManagers?: number;
		maxTrackedPlayers?: number;
	};
}

export type SessionStatus = "scheduled" | "in_progress" | "completed" | "cancelled";

export interface Session {
	id: string;
	title: string;
	sessionTypeId: string;
	sessionTypeName: string;
	status: SessionStatus;
	scheduledStartAt: number;
	scheduledEndAt: number;
	actualStartAt?: number;
	actualEndAt?: number;
	createdByRobloxId: number;
	createdByUsername?: string;
	cancelledAt?: number;
	cancellationReason?: string;
	createdAt: number;
	updatedAt: number;
	/** Only on a single session (get, create, status changes). */
	notes?: string;
	summary?: string;
}

export interface Participant {
	robloxId: number;
	robloxUsername?: string;
	displayName?: string;
	/** The name of a session role configured in the RankGun dashboard. */
	role: string;
	/** e.g. "confirmed", "attended". */
	attendanceStatus: string;
	invitedAt: number;
	respondedAt?: number;
}

export interface SessionDetail {
	session: Session;
	participants: Array<Participant>;
}

export interface SessionPage {
	sessions: Array<Session>;
	/** Pass back as `cursor` for the next page; nil on the last page. */
	nextCursor?: string;
}

export interface SessionType {
	id: string;
	name: string;
	description?: string;
	color?: string;
	defaultDurationMinutes?: number;
	isActive: boolean;
}

export interface ActivityUser {
	robloxId: number;
	robloxUsername?: string;
	displayName?: string;
	totalTimeSeconds: number;
	timeThisPeriod: number;
	streakDays: number;
	isOnline: boolean;
	lastPingAt?: number;
	currentSessionStart?: number;
	periodStartAt?: number;
}

export interface LeaderboardEntry {
	rank: number;
	robloxId: number;
	robloxUsername?: string;
	displayName?: string;
	timeSeconds: number;
	isOnline: boolean;
	streakDays: number;
}

export interface Leaderboard {
	period: string;
	limit: number;
	leaderboard: Array<LeaderboardEntry>;
}

/** The workspace block that Ranking Centre and Application Centre answers start with. */
export interface CentreWorkspace {
	id: string;
	groupId: number;
	tier: string;
}

export interface RankingCentreRank {
	/** RankGun's id for this reward (a Convex id), used with rankingCentre.get. */
	id: string;
	header: string;
	body: string;
	/** The group rank number the gamepass grants. */
	rankId: number;
	rankName: string;
	gamepassId: number;
	gamepassLink: string;
	isActive: boolean;
	createdAt: number;
	updatedAt: number;
}

export interface ApplicationQuestion {
	id: string;
	order: number;
	questionText: string;
	questionType: string;
	isRequired: boolean;
	correctAnswer: string;
	incorrectAnswers: Array<string>;
	points?: number;
}

export interface ApplicationForm {
	id: string;
	name: string;
	description?: string;
	isActive: boolean;
	/** Not on the documented list; passed on when RankGun sends it. */
	isPublic?: boolean;
	targetRankId: number;
	targetRankName: string;
	passPercentage: number;
	cooldownHours: number;
	maxSubmissions?: number;
	questionCount: number;
	createdAt: number;
	updatedAt: number;
	/** Only from applications.get. */
	questions?: Array<ApplicationQuestion>;
}
