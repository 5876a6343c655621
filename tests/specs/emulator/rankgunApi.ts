// Shared by the RankGun emulator specs: a fresh world per test, requests with its key, and the
// documented response shapes typed (JSON null decodes to nil, so nullable fields are optional).
import type { World, WorldSeed } from "../../emulator";
import type { RankGunWorkspaceSeed } from "../../emulator/rankgun";
import type { RobloxUser } from "../../emulator/roblox";
import { Harness } from "../helpers/harness";
import { wire, WireRequest, WireResponse } from "../helpers/http";

/** Members of every spec world, one per rung of the default ladder. */
export const MEMBERS = [
	{ name: "Rookie", rank: 1 },
	{ name: "Pat", rank: 10 },
	{ name: "Cora", rank: 20 },
	{ name: "Sarge", rank: 30 },
	{ name: "Olive", rank: 100 },
	{ name: "Cmdr", rank: 200 },
];

/** A world whose group members are all workspace members too, unless `rankgun` says otherwise. */
export function newWorld(rankgun: RankGunWorkspaceSeed = {}, seed: WorldSeed = {}): World {
	return Harness.emulator.createWorld({ members: MEMBERS, ...seed, rankgun: { staffFromGroup: true, ...rankgun } });
}

/** The world's member with this name (names repeat across worlds, not within one). */
export function member(world: World, name: string): RobloxUser {
	const found = world.members.find((user) => user.name === name);
	if (!found) error(`no member ${name}`);
	return found;
}

export function now(): number {
	return math.floor(Harness.emulator.now());
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A request with the world's key in x-api-key (merged under any headers given). */
export function call(world: World, method: Method, path: string, request: WireRequest = {}): WireResponse {
	const headers: Record<string, string | Secret> = { "x-api-key": world.rankgun.key };
	if (request.headers) for (const [name, value] of pairs(request.headers)) headers[name as string] = value;
	return wire(method, path, { ...request, headers });
}

/** A request with no key at all. */
export function anonymous(method: Method, path: string, request: WireRequest = {}): WireResponse {
	return wire(method, path, request);
}

export interface ErrorBody {
	success: boolean;
	code?: string;
	error: string;
	upgradeUrl?: string;
}

function expectEnvelope(response: WireResponse, status: number, code: string | undefined): ErrorBody {
	const body = response.json as ErrorBody | undefined;
	const seen = `got ${response.status} ${response.body}`;
	if (response.status !== status) error(`expected status ${status}, ${seen}`, 3);
	if (!body || body.success !== false || body.code !== code || !typeIs(body.error, "string")) {
		error(`expected {success:false,${code !== undefined ? ` code:"${code}",` : ""} error:string}, ${seen}`, 3);
	}
	return body;
}

/**
 * Asserts RankGun's error envelope with this status, and returns it: `{success:false, error}`
 * as the older overview documents, or with the errorCodes behaviour `{success:false, code,
 * error}` with this code. (TestEZ's `expect` exists only inside spec files, so this fails by
 * `error`.)
 */
export function expectError(response: WireResponse, status: number, code: string): ErrorBody {
	return expectEnvelope(response, status, Harness.emulator.rankgun.behaviours.errorCodes ? code : undefined);
}

/** Asserts `{success:false, code, error}`, as the Ranking Centre and Application Centre pages document. */
export function expectCodedError(response: WireResponse, status: number, code: string): ErrorBody {
	return expectEnvelope(response, status, code);
}

/** What a 403 for a bad key or a spent quota says without codes: the older overview's words. */
export const OLDER_FORBIDDEN = "Invalid API key or monthly limit exceeded";

export interface WorkspaceBody {
	success: boolean;
	workspace: {
		id: string;
		name: string;
		slug: string;
		groupId: number;
		groupName: string;
		groupIconUrl: string;
		tier: string;
		isActive: boolean;
		createdAt: number;
	};
	usage: { ranksThisMonth: number; ranksToday: number; lastRankAt?: number; usageResetAt: number };
	limits: { maxRanksPerMonth: number; maxAdmins: number; maxManagers: number; maxTrackedPlayers: number };
}

export interface RankBody {
	success: boolean;
	oldRank: number;
	newRank: number;
	username: string;
}

export interface SessionSummary {
	id: string;
	title: string;
	sessionTypeId: string;
	sessionTypeName: string;
	status: string;
	scheduledStartAt: number;
	scheduledEndAt: number;
	actualStartAt?: number;
	actualEndAt?: number;
	createdByRobloxId: number;
	createdByUsername: string;
	cancelledAt?: number;
	cancellationReason?: string;
	createdAt: number;
	updatedAt: number;
}

export interface SessionDetail extends SessionSummary {
	notes?: string;
	summary?: string;
}

export interface ParticipantBody {
	robloxId: number;
	robloxUsername: string;
	displayName: string;
	role: string;
	attendanceStatus: string;
	invitedAt: number;
	respondedAt?: number;
}

export interface SessionListBody {
	success: boolean;
	sessions: Array<SessionSummary>;
	nextCursor?: string;
}

export interface SessionBody {
	success: boolean;
	session: SessionDetail;
	participants: Array<ParticipantBody>;
}

export interface ParticipantResponseBody {
	success: boolean;
	participant: ParticipantBody;
}

export interface SessionTypeBody {
	id: string;
	name: string;
	description: string;
	color: string;
	defaultDurationMinutes: number;
	isActive: boolean;
}

/** Seeds a scheduled "Training" session starting `inSeconds` from now. */
export function seedSession(world: World, inSeconds: number, title = "Training"): string {
	return world.rankgun.addSession({ title, type: "Training", scheduledStartAt: now() + inSeconds }).id;
}
