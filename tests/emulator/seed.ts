// A believable demo world for the standalone emulator and the demo: a security group on the
// default ladder, ten members, an Elite RankGun workspace with sessions in every state,
// attendance, activity, Ranking Centre passes and an application form. As in a real group, not
// everyone in the group has joined the RankGun workspace: Kendall, an Officer who may use the
// admin commands, has not, so RankGun takes neither session changes from her nor marks of her.
import { DEFAULT_LADDER, Emulator, World } from "./index";

export interface DemoOptions {
	/** The RankGun API key to give the workspace; default a generated one. */
	rankgunKey?: string;
}

const DEMO_MEMBERS = [
	{ name: "AveryStone", displayName: "Avery", rank: 1 },
	{ name: "BlakeRivers", displayName: "Blake", rank: 1 },
	{ name: "CaseyMarsh", displayName: "Casey", rank: 10 },
	{ name: "DevonHale", displayName: "Devon", rank: 10 },
	{ name: "EmeryQuinn", displayName: "Emery", rank: 20 },
	{ name: "FinleyCross", displayName: "Finley", rank: 20 },
	{ name: "HarperVale", displayName: "Harper", rank: 30 },
	{ name: "JordanPike", displayName: "Jordan", rank: 100 },
	{ name: "KendallFox", displayName: "Kendall", rank: 100 },
	{ name: "MorganBlack", displayName: "Morgan", rank: 200 },
];

const HOUR = 3600;
const DAY = 86400;

/** Group members who have not joined the RankGun workspace (by display name). */
export const OUTSIDE_WORKSPACE = ["Kendall"];

export function seedDemo(emulator: Emulator, options: DemoOptions = {}): World {
	const now = math.floor(emulator.now());
	const world = emulator.createWorld({
		groupName: "Nova Security Force",
		ladder: DEFAULT_LADDER,
		members: DEMO_MEMBERS,
		rankgun: {
			key: options.rankgunKey,
			name: "Nova Security Force",
			tier: "elite",
			ranksThisMonth: 42,
			ranksToday: 3,
			lastRankAt: now - 2 * HOUR,
			sessionTypes: [
				{ name: "Training", description: "Drills and rules for Recruits and Privates", color: "#8b5cf6", defaultDurationMinutes: 60 },
				{ name: "Tryout", description: "Assessment for promotion to Corporal", color: "#f59e0b", defaultDurationMinutes: 45 },
				{ name: "Rally", description: "Whole-group rally at HQ", color: "#10b981", defaultDurationMinutes: 30 },
			],
			sessionRoles: [{ name: "Host" }, { name: "Trainer" }, { name: "Attendee", isDefault: true }],
		},
	});
	const [avery, blake, casey, devon, emery, finley, harper, jordan, , morgan] = world.members;
	const workspace = world.rankgun;
	for (const user of world.members) if (!OUTSIDE_WORKSPACE.includes(user.displayName)) workspace.addStaff(user.id);

	workspace.addSession({
		title: "Monday Training",
		type: "Training",
		status: "completed",
		scheduledStartAt: now - 2 * DAY,
		createdByRobloxId: jordan.id,
		notes: "Uniform check at the start",
		summary: "Good turnout; Avery and Blake ready for tryouts",
		participants: [
			{ robloxId: jordan.id, role: "Host", attendanceStatus: "attended", respondedAt: now - 2 * DAY },
			{ robloxId: harper.id, role: "Trainer", attendanceStatus: "attended", respondedAt: now - 2 * DAY },
			{ robloxId: avery.id, attendanceStatus: "attended", respondedAt: now - 2 * DAY + HOUR },
			{ robloxId: blake.id, attendanceStatus: "attended", respondedAt: now - 2 * DAY + HOUR },
			{ robloxId: casey.id, attendanceStatus: "absent", respondedAt: now - 2 * DAY + HOUR },
		],
	});
	workspace.addSession({
		title: "Tuesday Rally",
		type: "Rally",
		status: "cancelled",
		scheduledStartAt: now - DAY,
		createdByRobloxId: morgan.id,
		cancelledAt: now - DAY - 3 * HOUR,
		cancellationReason: "Server maintenance",
	});
	workspace.addSession({
		title: "Corporal Tryout",
		type: "Tryout",
		status: "in_progress",
		scheduledStartAt: now - 10 * 60,
		createdByRobloxId: jordan.id,
		participants: [
			{ robloxId: jordan.id, role: "Host", attendanceStatus: "attended", respondedAt: now - 10 * 60 },
			{ robloxId: casey.id, attendanceStatus: "confirmed", respondedAt: now - HOUR },
			{ robloxId: devon.id, attendanceStatus: "confirmed", respondedAt: now - HOUR },
		],
	});
	workspace.addSession({
		title: "Evening Training",
		type: "Training",
		scheduledStartAt: now + 2 * HOUR,
		createdByRobloxId: harper.id,
		notes: "New recruits welcome",
		participants: [
			{ robloxId: harper.id, role: "Host", attendanceStatus: "confirmed", respondedAt: now - HOUR },
			{ robloxId: emery.id, role: "Trainer", attendanceStatus: "confirmed", respondedAt: now - HOUR },
			{ robloxId: avery.id },
			{ robloxId: blake.id },
		],
	});
	workspace.addSession({
		title: "Weekend Rally",
		type: "Rally",
		scheduledStartAt: now + 2 * DAY,
		createdByRobloxId: morgan.id,
		participants: [{ robloxId: morgan.id, role: "Host", attendanceStatus: "confirmed", respondedAt: now - HOUR }],
	});

	const activity: Array<[typeof avery, number, number, number, boolean]> = [
		[morgan, 91230, 5400, 12, true],
		[jordan, 64410, 7200, 9, false],
		[harper, 40020, 3600, 6, true],
		[emery, 18402, 540, 4, false],
		[casey, 9020, 2400, 2, true],
		[avery, 3600, 3600, 1, false],
		[finley, 0, 0, 0, false],
	];
	for (const [user, total, period, streak, online] of activity) {
		workspace.setActivity({
			robloxId: user.id,
			totalTimeSeconds: total,
			timeThisPeriod: period,
			streakDays: streak,
			isOnline: online,
			lastPingAt: online ? now - 30 : now - 3 * DAY,
			currentSessionStart: online ? now - 25 * 60 : undefined,
			periodStartAt: now - 5 * DAY,
		});
	}

	workspace.addCentreRank({ rankId: 10, gamepassId: 81000101, header: "Private Pass", body: "Skip basic training and start as a Private." });
	workspace.addCentreRank({ rankId: 20, gamepassId: 81000102, header: "Corporal Pass", body: "Join as a Corporal with squad access." });
	workspace.addCentreRank({ rankId: 30, gamepassId: 81000103, header: "Sergeant Pass", body: "Retired offer.", isActive: false });

	workspace.addForm({
		name: "Corporal Application",
		description: "Answer correctly to be ranked Corporal.",
		targetRankId: 20,
		passPercentage: 70,
		cooldownHours: 24,
		questions: [
			{ questionText: "What do you do when a superior gives an order?", correctAnswer: "Follow it", incorrectAnswers: ["Ignore it", "Argue"] },
			{ questionText: "Where do rallies take place?", correctAnswer: "HQ", incorrectAnswers: ["Spawn", "The lobby"] },
			{ questionText: "May you team-kill during training?", correctAnswer: "No", incorrectAnswers: ["Yes"], points: 2 },
		],
	});
	workspace.addForm({ name: "Officer Application", description: "Closed for now.", targetRankId: 100, isActive: false, maxSubmissions: 1 });

	return world;
}
