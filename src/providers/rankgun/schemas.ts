// The RankGun response shapes, checked with @rbxts/t before game code sees them. Interfaces are
// open (t.interface): the service may add fields without breaking anyone. Where a page shows a
// shape only in an example (the rank answers, /api/workspace), nothing is required: a field is
// checked only if present, and the code that reads one copes when it is missing.
import { t } from "@rbxts/t";

const optionalNumber = t.optional(t.number);
const optionalString = t.optional(t.string);
const optionalBoolean = t.optional(t.boolean);

export const rankChange = t.interface({
	oldRank: optionalNumber,
	newRank: optionalNumber,
	username: optionalString,
});

export const workspaceInfo = t.interface({
	workspace: t.optional(
		t.interface({
			id: optionalString,
			name: optionalString,
			slug: optionalString,
			groupId: optionalNumber,
			groupName: optionalString,
			groupIconUrl: optionalString,
			tier: optionalString,
			isActive: optionalBoolean,
			createdAt: optionalNumber,
		}),
	),
	usage: t.optional(
		t.interface({
			ranksThisMonth: optionalNumber,
			ranksToday: optionalNumber,
			lastRankAt: optionalNumber,
			usageResetAt: optionalNumber,
		}),
	),
	limits: t.optional(
		t.interface({
			maxRanksPerMonth: optionalNumber,
			maxAdmins: optionalNumber,
			maxManagers: optionalNumber,
			maxTrackedPlayers: optionalNumber,
		}),
	),
});

const sessionStatus = t.union(t.literal("scheduled"), t.literal("in_progress"), t.literal("completed"), t.literal("cancelled"));

export const session = t.interface({
	id: t.string,
	title: t.string,
	sessionTypeId: t.string,
	sessionTypeName: t.string,
	status: sessionStatus,
	scheduledStartAt: t.number,
	scheduledEndAt: t.number,
	actualStartAt: optionalNumber,
	actualEndAt: optionalNumber,
	createdByRobloxId: t.number,
	createdByUsername: optionalString,
	cancelledAt: optionalNumber,
	cancellationReason: optionalString,
	createdAt: t.number,
	updatedAt: t.number,
	notes: optionalString,
	summary: optionalString,
});

export const participant = t.interface({
	robloxId: t.number,
	robloxUsername: optionalString,
	displayName: optionalString,
	role: t.string,
	attendanceStatus: t.string,
	invitedAt: t.number,
	respondedAt: optionalNumber,
});

export const sessionDetail = t.interface({ session, participants: t.array(participant) });
export const sessionPage = t.interface({ sessions: t.array(session), nextCursor: optionalString });
export const sessionList = t.interface({ sessions: t.array(session) });
export const participantResult = t.interface({ participant });

export const sessionTypes = t.interface({
	types: t.array(
		t.interface({
			id: t.string,
			name: t.string,
			description: optionalString,
			color: optionalString,
			defaultDurationMinutes: optionalNumber,
			isActive: t.boolean,
		}),
	),
});

export const activityUser = t.interface({
	user: t.interface({
		robloxId: t.number,
		robloxUsername: optionalString,
		displayName: optionalString,
		totalTimeSeconds: t.number,
		timeThisPeriod: t.number,
		streakDays: t.number,
		isOnline: t.boolean,
		lastPingAt: optionalNumber,
		currentSessionStart: optionalNumber,
		periodStartAt: optionalNumber,
	}),
});

export const leaderboard = t.interface({
	period: t.string,
	limit: t.number,
	leaderboard: t.array(
		t.interface({
			rank: t.number,
			robloxId: t.number,
			robloxUsername: optionalString,
			displayName: optionalString,
			timeSeconds: t.number,
			isOnline: t.boolean,
			streakDays: t.number,
		}),
	),
});

const centreWorkspace = t.interface({ id: t.string, groupId: t.number, tier: t.string });

const centreRank = t.interface({
	id: t.string,
	header: t.string,
	body: t.string,
	rankId: t.number,
	rankName: t.string,
	gamepassId: t.number,
	gamepassLink: t.string,
	isActive: t.boolean,
	createdAt: t.number,
	updatedAt: t.number,
});

export const rankingCentreList = t.interface({ workspace: centreWorkspace, ranks: t.array(centreRank) });
export const rankingCentreRank = t.interface({ workspace: centreWorkspace, rank: centreRank });

const formFields = {
	id: t.string,
	name: t.string,
	description: optionalString,
	isActive: t.boolean,
	isPublic: optionalBoolean,
	targetRankId: t.number,
	targetRankName: t.string,
	passPercentage: t.number,
	cooldownHours: t.number,
	maxSubmissions: optionalNumber,
	questionCount: t.number,
	createdAt: t.number,
	updatedAt: t.number,
};

const question = t.interface({
	id: t.string,
	order: t.number,
	questionText: t.string,
	questionType: t.string,
	isRequired: t.boolean,
	correctAnswer: t.string,
	incorrectAnswers: t.array(t.string),
	points: optionalNumber,
});

export const applicationList = t.interface({ workspace: centreWorkspace, forms: t.array(t.interface(formFields)) });
export const applicationForm = t.interface({
	workspace: centreWorkspace,
	form: t.interface({ ...formFields, questions: t.array(question) }),
});
