// What a spec (or the demo) can set when it creates a RankGun workspace, and the defaults.
import { ActivitySeed, CentreRankSeed, FormSeed, SessionRoleSeed, SessionSeed, SessionTypeSeed, Tier } from "./types";

/** RankGun's documented cap on sessions per workspace, across all statuses. */
export const SESSION_CAP = 10000;

export const DEFAULT_SESSION_TYPES: ReadonlyArray<SessionTypeSeed> = [
	{ name: "Training", description: "Basic training for new recruits", color: "#8b5cf6", defaultDurationMinutes: 60 },
	{ name: "Tryout", description: "Tryouts for the next rank", color: "#f59e0b", defaultDurationMinutes: 45 },
	{ name: "Rally", description: "Group-wide rally", color: "#10b981", defaultDurationMinutes: 30 },
];

export const DEFAULT_SESSION_ROLES: ReadonlyArray<SessionRoleSeed> = [{ name: "Host" }, { name: "Trainer" }, { name: "Attendee", isDefault: true }];

export interface RankGunWorkspaceSeed {
	/** A fixed API key; default a generated one. */
	key?: string;
	/** Default: the group's name. */
	name?: string;
	/** Default "free". */
	tier?: Tier;
	/** False for a deactivated workspace (403 WORKSPACE_DEACTIVATED). */
	active?: boolean;
	/** Rank actions already spent this month / today. */
	ranksThisMonth?: number;
	ranksToday?: number;
	lastRankAt?: number;
	/** When the monthly counter resets; default the next UTC month start. */
	usageResetAt?: number;
	/** The "Maximum Rank" security setting: no action may take anyone above this rank. */
	maxRank?: number;
	/** Per-workspace rate limit, overriding the service's. */
	requestsPerWindow?: number;
	windowSeconds?: number;
	/** Default 10,000 as documented; lower it to reach the cap cheaply. */
	sessionCap?: number;
	/**
	 * Whether every group member is also a workspace member; default false. The docs keep the
	 * two apart (session actors and participants must be workspace members), and a group's
	 * admins need not have joined its RankGun dashboard. The group's owner always is one.
	 */
	staffFromGroup?: boolean;
	/** Workspace members (dashboard staff) by Roblox user id. */
	staff?: ReadonlyArray<number>;
	/** Replace the default types (Training, Tryout, Rally). */
	sessionTypes?: ReadonlyArray<SessionTypeSeed>;
	/** Replace the default roles (Host, Trainer, Attendee as the default). */
	sessionRoles?: ReadonlyArray<SessionRoleSeed>;
	sessions?: ReadonlyArray<SessionSeed>;
	activity?: ReadonlyArray<ActivitySeed>;
	centreRanks?: ReadonlyArray<CentreRankSeed>;
	forms?: ReadonlyArray<FormSeed>;
}
