// Every documented RankGun endpoint (https://api.rankgun.works; documented at
// https://www.rankgun.works/docs/developing/APIReference), one attempt each,
// with arguments checked first and answers validated. Reads retry what can succeed on retry;
// writes are single attempts, because the action queue decides how a write is retried.
import { ErrorKind, RankError, toRankError } from "../../core/errors";
import { Future } from "../../core/future";
import { Gate } from "../../core/rateGate";
import { DEFAULT_RETRY, RetryPolicy, withRetry } from "../../core/retry";
import * as check from "../../core/validate";
import { HttpService } from "@rbxts/services";
import { RequestContext } from "../provider";
import { JsonApi, JsonCall } from "../jsonApi";
import { parseRetryAfter } from "../../core/retryAfter";
import { redacted } from "../redact";
import { explainForbidden, rankGunError, UnexplainedForbidden } from "./errors";
import * as schema from "./schemas";
import {
	ActivityUser,
	ApplicationForm,
	CentreWorkspace,
	Leaderboard,
	Participant,
	RankChange,
	RankingCentreRank,
	SessionDetail,
	SessionPage,
	SessionStatus,
	SessionType,
	Session,
	WorkspaceInfo,
} from "./types";

export const RANKGUN_URL = "https://api.rankgun.works";
/** RankGun's documented limit: 100 requests a minute per workspace (shared by all servers). */
export const RANKGUN_LIMIT = { limit: 100, windowSeconds: 60, marginSeconds: 1 };

export const SESSION_STATUSES: ReadonlyArray<SessionStatus> = ["scheduled", "in_progress", "completed", "cancelled"];

export interface RankGunClientOptions extends RequestContext {
	key: Secret | string;
	baseUrl: string;
	/** The workspace's request budget, then this server's HTTP budget. */
	gates: ReadonlyArray<Gate>;
}

export interface SessionQuery {
	status?: SessionStatus;
	limit?: number;
	cursor?: string;
	/** Only sessions scheduled to start at or after this Unix time (seconds). */
	from?: number;
	/** Only sessions scheduled to start at or before this Unix time (seconds). */
	to?: number;
}

export interface NewSession {
	sessionTypeId: string;
	title: string;
	scheduledStartAt: number;
	scheduledEndAt: number;
	notes?: string;
}

export interface ParticipantChange {
	role?: string;
	attendanceStatus?: string;
}

function pathId(value: unknown, what: string): string {
	return HttpService.UrlEncode(check.pathSegment(value, what));
}

/** The answer's tables, present even when RankGun left one out. */
function fillWorkspace(info: { workspace?: object; usage?: object; limits?: object }): WorkspaceInfo {
	return { ...info, workspace: info.workspace ?? {}, usage: info.usage ?? {}, limits: info.limits ?? {} } as WorkspaceInfo;
}

export class RankGunClient {
	private readonly api: JsonApi;
	private readonly retry: RetryPolicy;

	constructor(private readonly options: RankGunClientOptions) {
		this.retry = options.retry ?? DEFAULT_RETRY;
		this.api = new JsonApi({
			baseUrl: options.baseUrl,
			provider: "RankGun",
			timeout: options.timeout,
			transport: options.transport,
			gates: options.gates,
			now: () => options.scheduler.now(),
			headers: () => ({ "x-api-key": options.key }),
			stopped: options.stopped,
			mapError: (response, body, what) => rankGunError(response, body, what, options.scheduler.unixTime()),
			observe: (response) => {
				// A 429 means the workspace's budget is spent whoever spent it: every request waits.
				if (response.status !== 429) return;
				const wait = parseRetryAfter(response.headers["retry-after"], options.scheduler.unixTime());
				if (wait !== undefined) for (const gate of options.gates) gate.pause(wait);
			},
		});
	}

	/** A read: safe to repeat, so it is retried on throttling, server errors and timeouts. */
	private read<T>(call: JsonCall<T>): Future<T> {
		return withRetry(this.options.scheduler, this.retry, this.options.random, () =>
			this.api.send(call).catch((raised) => this.explain(raised, call)),
		);
	}

	/** A write: one attempt (the action queue decides about retries). */
	private write<T>(call: JsonCall<T>): Future<T> {
		return this.api.send(call).catch((raised) => this.explain(raised, call));
	}

	/**
	 * RankGun answers 403 for a bad key and for a spent monthly quota alike, and says nothing of
	 * how it throttles. When the code does not settle it, /api/workspace does: it answers a good
	 * key, spends no quota and reports the month's usage (see explainForbidden).
	 */
	private explain(raised: unknown, call: JsonCall<unknown>): Future<never> {
		if (!(raised instanceof UnexplainedForbidden)) throw raised;
		if (call.path === "/api/workspace") throw explainForbidden(raised, { self: true });
		return this.api.send({ method: "GET", path: "/api/workspace", validate: schema.workspaceInfo, what: "RankGun workspace" }).andThen(
			(info): never => {
				const usage = fillWorkspace(info);
				throw explainForbidden(raised, { used: usage.usage.ranksThisMonth, limit: usage.limits.maxRanksPerMonth });
			},
			(probe): never => {
				throw explainForbidden(raised, { failed: toRankError(probe) });
			},
		);
	}

	/** Runs `body`; a plain-text key RankGun echoed back is redacted from whatever it raises. */
	private run<T>(body: () => Future<T>): Future<T> {
		const key = this.options.key;
		if (!typeIs(key, "string")) return Future.try(body);
		return Future.try(body).catch((raised) => {
			throw redacted(raised, [key]);
		});
	}

	// Workspace ----------------------------------------------------------------------------

	/** The workspace, its usage and its limits; each field only as far as RankGun sent it. */
	workspace(): Future<WorkspaceInfo> {
		return this.run(() =>
			this.read({ method: "GET", path: "/api/workspace", validate: schema.workspaceInfo, what: "RankGun workspace" }).andThen(fillWorkspace),
		);
	}

	/** The `workspace` block the Application Centre answers start with (documented, and not Elite-only). */
	centreWorkspace(): Future<CentreWorkspace> {
		return this.run(() =>
			this.read({ method: "GET", path: "/api/applications", validate: schema.applicationList, what: "RankGun applications" }).andThen(
				(result) => result.workspace,
			),
		);
	}

	// Ranking (each counts against the monthly rank quota) ----------------------------------

	/** The ranks are RankGun's when it sent them (its pages show them only in an example); see actions.ts for the rest. */
	private rank(
		kind: "promote" | "demote" | "setrank",
		userId: number,
		body: Record<string, unknown>,
		beforeSend?: () => Future<unknown>,
	): Future<RankChange> {
		return this.write({
			method: "POST",
			path: `/api/roblox/${kind}`,
			body,
			validate: schema.rankChange,
			what: `RankGun ${kind}`,
			beforeSend,
		}).andThen((result) => ({ userId, oldRank: result.oldRank, newRank: result.newRank, username: result.username }));
	}

	/** `beforeSend` runs once the request has passed the rate gates, just before it goes (see JsonCall). */
	promote(userId: number, reason?: string, beforeSend?: () => Future<unknown>): Future<RankChange> {
		return this.run(() => {
			check.userId(userId);
			return this.rank("promote", userId, { userId, reason: check.optionalString(reason, "reason") }, beforeSend);
		});
	}

	/** `beforeSend` runs once the request has passed the rate gates, just before it goes (see JsonCall). */
	demote(userId: number, reason?: string, beforeSend?: () => Future<unknown>): Future<RankChange> {
		return this.run(() => {
			check.userId(userId);
			return this.rank("demote", userId, { userId, reason: check.optionalString(reason, "reason") }, beforeSend);
		});
	}

	/** `beforeSend` runs once the request has passed the rate gates, just before it goes (see JsonCall). */
	setRank(userId: number, rank: number, reason?: string, beforeSend?: () => Future<unknown>): Future<RankChange> {
		return this.run(() => {
			check.userId(userId);
			check.integerInRange(rank, "rank", 1, 255);
			return this.rank("setrank", userId, { userId, rankId: rank, reason: check.optionalString(reason, "reason") }, beforeSend);
		});
	}

	// Sessions -----------------------------------------------------------------------------

	listSessions(query: SessionQuery = {}): Future<SessionPage> {
		return this.run(() => {
			check.record(query, "query");
			if (query.status !== undefined) check.oneOf(query.status, "status", SESSION_STATUSES);
			if (query.limit !== undefined) check.positiveInteger(query.limit, "limit");
			if (query.from !== undefined) check.unixSeconds(query.from, "from");
			if (query.to !== undefined) check.unixSeconds(query.to, "to");
			if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
				throw new RankError(ErrorKind.InvalidRequest, `from (${query.from}) must not be after to (${query.to})`);
			}
			return this.read({
				method: "GET",
				path: "/api/sessions",
				query: { status: query.status, limit: query.limit, cursor: query.cursor, from: query.from, to: query.to },
				validate: schema.sessionPage,
				what: "RankGun list sessions",
			});
		});
	}

	/** Every page of `listSessions`, in order (newest scheduled start first). */
	listAllSessions(query: Omit<SessionQuery, "cursor"> = {}): Future<Array<Session>> {
		const all = new Array<Session>();
		const page = (cursor?: string): Future<Array<Session>> =>
			this.listSessions({ ...query, cursor }).andThen((result) => {
				for (const item of result.sessions) all.push(item);
				return result.nextCursor !== undefined ? page(result.nextCursor) : all;
			});
		return page();
	}

	upcomingSessions(limit?: number): Future<Array<Session>> {
		return this.run(() => {
			if (limit !== undefined) check.positiveInteger(limit, "limit");
			return this.read({
				method: "GET",
				path: "/api/sessions/upcoming",
				query: { limit },
				validate: schema.sessionList,
				what: "RankGun upcoming sessions",
			}).andThen((result) => result.sessions);
		});
	}

	sessionTypes(): Future<Array<SessionType>> {
		return this.run(() =>
			this.read({ method: "GET", path: "/api/sessions/types", validate: schema.sessionTypes, what: "RankGun session types" }).andThen(
				(result) => result.types,
			),
		);
	}

	getSession(sessionId: string): Future<SessionDetail> {
		return this.run(() =>
			this.read({
				method: "GET",
				path: `/api/sessions/${pathId(sessionId, "sessionId")}`,
				validate: schema.sessionDetail,
				what: "RankGun get session",
			}),
		);
	}

	createSession(actor: number, session: NewSession): Future<SessionDetail> {
		return this.run(() => {
			check.userId(actor, "actor");
			check.record(session, "session");
			const start = check.unixSeconds(session.scheduledStartAt, "scheduledStartAt");
			const finish = check.unixSeconds(session.scheduledEndAt, "scheduledEndAt");
			if (finish < start)
				throw new RankError(ErrorKind.InvalidRequest, `scheduledEndAt (${finish}) must not be before scheduledStartAt (${start})`);
			return this.write({
				method: "POST",
				path: "/api/sessions",
				body: {
					actorRobloxId: actor,
					sessionTypeId: check.nonEmptyString(session.sessionTypeId, "sessionTypeId"),
					title: check.nonEmptyString(session.title, "title"),
					scheduledStartAt: start,
					scheduledEndAt: finish,
					notes: check.optionalString(session.notes, "notes"),
				},
				validate: schema.sessionDetail,
				what: "RankGun create session",
			});
		});
	}

	/** Moves a session along: scheduled → in_progress → completed, or → cancelled. */
	setSessionStatus(actor: number, sessionId: string, status: Exclude<SessionStatus, "scheduled">, note?: string): Future<SessionDetail> {
		return this.run(() => {
			check.userId(actor, "actor");
			check.oneOf(status, "status", ["in_progress", "completed", "cancelled"]);
			check.optionalString(note, status === "cancelled" ? "reason" : "summary");
			return this.write({
				method: "PATCH",
				path: `/api/sessions/${pathId(sessionId, "sessionId")}/status`,
				body: {
					actorRobloxId: actor,
					status,
					summary: status === "completed" ? note : undefined,
					cancellationReason: status === "cancelled" ? note : undefined,
				},
				validate: schema.sessionDetail,
				what: `RankGun ${status === "in_progress" ? "start" : status === "completed" ? "complete" : "cancel"} session`,
			});
		});
	}

	addParticipant(actor: number, sessionId: string, robloxId: number, change: ParticipantChange = {}): Future<Participant> {
		return this.run(() => {
			check.userId(actor, "actor");
			check.userId(robloxId, "userId");
			check.record(change, "options");
			return this.write({
				method: "POST",
				path: `/api/sessions/${pathId(sessionId, "sessionId")}/participants`,
				body: {
					actorRobloxId: actor,
					robloxId,
					role: check.optionalString(change.role, "role"),
					attendanceStatus: check.optionalString(change.attendanceStatus, "attendanceStatus"),
				},
				validate: schema.participantResult,
				what: "RankGun add participant",
			}).andThen((result) => result.participant);
		});
	}

	updateParticipant(actor: number, sessionId: string, robloxId: number, change: ParticipantChange): Future<Participant> {
		return this.run(() => {
			check.userId(actor, "actor");
			check.userId(robloxId, "userId");
			check.record(change, "change");
			if (change.role === undefined && change.attendanceStatus === undefined) {
				throw new RankError(ErrorKind.InvalidRequest, "updateParticipant needs role or attendanceStatus (or both)");
			}
			return this.write({
				method: "PATCH",
				path: `/api/sessions/${pathId(sessionId, "sessionId")}/participants/${robloxId}`,
				body: {
					actorRobloxId: actor,
					role: check.optionalString(change.role, "role"),
					attendanceStatus: check.optionalString(change.attendanceStatus, "attendanceStatus"),
				},
				validate: schema.participantResult,
				what: "RankGun update participant",
			}).andThen((result) => result.participant);
		});
	}

	// Activity, Ranking Centre, Application Centre ------------------------------------------

	activityUser(robloxId: number): Future<ActivityUser> {
		return this.run(() => {
			check.userId(robloxId);
			return this.read({
				method: "GET",
				path: `/api/activity/users/${robloxId}`,
				validate: schema.activityUser,
				what: "RankGun activity",
			}).andThen((result) => result.user);
		});
	}

	leaderboard(options: { period?: string; limit?: number } = {}): Future<Leaderboard> {
		return this.run(() => {
			check.record(options, "options");
			if (options.limit !== undefined) check.positiveInteger(options.limit, "limit");
			return this.read({
				method: "GET",
				path: "/api/activity/leaderboard",
				query: { period: check.optionalString(options.period, "period"), limit: options.limit },
				validate: schema.leaderboard,
				what: "RankGun leaderboard",
			});
		});
	}

	rankingCentreRanks(): Future<Array<RankingCentreRank>> {
		return this.run(() =>
			this.read({ method: "GET", path: "/api/ranking-centre", validate: schema.rankingCentreList, what: "RankGun ranking centre" }).andThen(
				(result) => result.ranks,
			),
		);
	}

	rankingCentreRank(id: string): Future<RankingCentreRank> {
		return this.run(() =>
			this.read({
				method: "GET",
				path: `/api/ranking-centre/ranks/${pathId(id, "id")}`,
				validate: schema.rankingCentreRank,
				what: "RankGun ranking centre rank",
			}).andThen((result) => result.rank),
		);
	}

	applicationForms(): Future<Array<ApplicationForm>> {
		return this.run(() =>
			this.read({ method: "GET", path: "/api/applications", validate: schema.applicationList, what: "RankGun applications" }).andThen(
				(result) => result.forms,
			),
		);
	}

	applicationForm(formId: string): Future<ApplicationForm> {
		return this.run(() =>
			this.read({
				method: "GET",
				path: `/api/applications/forms/${pathId(formId, "formId")}`,
				validate: schema.applicationForm,
				what: "RankGun application form",
			}).andThen((result) => result.form),
		);
	}
}
