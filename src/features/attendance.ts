// Automatic attendance: while a RankGun session of the configured types is in progress, every
// player in the server, and everyone who joins, is added to it and marked attended, once.
//
// "Once" holds across rejoins and servers: each mark is an action with the durable id
// attend/<sessionId>/<userId>, which the queue never runs twice on any server (its lane and
// done record say so), and this server also remembers by UserId what it has already done, so a
// rejoin costs nothing at all. In-progress sessions are found by polling, one request per
// interval per server, out of the 100 a minute RankGun allows the whole workspace.
import { Players } from "@rbxts/services";
import type { RankBridgeApi, Session, SessionDetail } from "../api/surface";
import { ActionReport } from "../core/action";
import { ErrorKind, RankError, toRankError } from "../core/errors";
import { Signal, SignalConnection } from "../core/signal";
import * as check from "../core/validate";
import { FeatureContext } from "./context";
import { HostControl } from "./hostControl";
import { checkFields, optionalList, optionalNumber } from "./options";
import { attendanceActionId, typeFilter, wasAlreadyDone } from "./sessionPick";

export interface AttendanceOptions {
	/** Session types to track, by name as in the RankGun dashboard (any case) or by id. Default: every type. */
	sessionTypes?: Array<string>;
	/**
	 * The workspace member RankGun attributes the attendance to. Default: config.actor, else
	 * the member who created the session.
	 */
	actor?: number;
	/** The session role new participants get. Default: the workspace's default role. */
	role?: string;
	/** Only group members at or above this rank are marked. Default 1: any member. */
	minRank?: number;
	/** Seconds between looks for in-progress sessions. Default 60, at least 10. */
	pollSeconds?: number;
	/**
	 * Start a scheduled session of these types when its host (the member who created it) is in
	 * this server, from 15 minutes before its scheduled start until its scheduled end. Adds one
	 * request per look. Default false.
	 */
	startWhenHostJoins?: boolean;
	/**
	 * End (complete) a session in progress when its host leaves this server and is not back
	 * within hostGraceSeconds. A host who moves to another server counts as gone, so use it
	 * where a session happens in one server. Default false.
	 */
	endWhenHostLeaves?: boolean;
	/** Seconds a host may be gone before endWhenHostLeaves ends the session. Default 120. */
	hostGraceSeconds?: number;
}

/** A player marked attended (`alreadyDone`: another server or an earlier call had done it). */
export interface AttendanceMark {
	sessionId: string;
	userId: number;
	alreadyDone: boolean;
}

/** A player not marked, and why: not a member, below minRank, or the service refused. */
export interface AttendanceSkip {
	sessionId: string;
	userId: number;
	reason: string;
	error?: RankError;
}

const KNOWN = ["sessionTypes", "actor", "role", "minRank", "pollSeconds", "startWhenHostJoins", "endWhenHostLeaves", "hostGraceSeconds"];
const DEFAULT_POLL_SECONDS = 60;
const MIN_POLL_SECONDS = 10;
const DEFAULT_HOST_GRACE_SECONDS = 120;

/** Refusals that mean "this person cannot be on this session", which are skipped quietly. */
const NOT_ELIGIBLE: ReadonlyArray<string> = [ErrorKind.InvalidRequest, ErrorKind.NotInGroup, ErrorKind.Forbidden];

/** Turned on by `bridge:trackAttendance(options)`; `stop()` turns it off. */
export class AttendanceTracker {
	/** Fires for each player marked attended in a session. */
	readonly attended = new Signal<AttendanceMark>();
	/** Fires for each player who was not marked, with the reason. */
	readonly skipped = new Signal<AttendanceSkip>();

	private readonly wanted: (session: Session) => boolean;
	private readonly actor?: number;
	private readonly role?: string;
	private readonly minRank: number;
	private readonly pollSeconds: number;
	private readonly host: HostControl;
	/** Sessions in progress now, by id. */
	private active = new Map<string, Session>();
	/** One entry per session and UserId this server has handled or is handling. */
	private readonly marks = new Map<string, Promise<void>>();
	private readonly connections = new Array<SignalConnection | RBXScriptConnection>();
	private cancelTimer?: () => void;
	private stopped = false;
	private lastPollError?: string;

	constructor(
		private readonly bridge: RankBridgeApi,
		options: AttendanceOptions,
		private readonly context: FeatureContext,
	) {
		checkFields(options, "trackAttendance options", KNOWN);
		if (!bridge.capabilities.sessions) {
			throw new RankError(ErrorKind.Unsupported, "trackAttendance needs sessions, which only the RankGun provider has.");
		}
		const types = optionalList(options.sessionTypes, "sessionTypes", (entry, label) => check.nonEmptyString(entry, label));
		this.wanted = typeFilter(types);
		this.actor = options.actor !== undefined ? check.userId(options.actor, "actor") : undefined;
		this.role = check.optionalString(options.role, "role");
		this.minRank = options.minRank !== undefined ? check.integerInRange(options.minRank, "minRank", 1, 255) : 1;
		this.pollSeconds = optionalNumber(options.pollSeconds, "pollSeconds", MIN_POLL_SECONDS) ?? DEFAULT_POLL_SECONDS;

		for (const flag of ["startWhenHostJoins", "endWhenHostLeaves"] as const) {
			if (options[flag] !== undefined && !typeIs(options[flag], "boolean")) {
				throw new RankError(ErrorKind.InvalidRequest, `${flag} must be true or false, got ${tostring(options[flag])}`);
			}
		}
		this.host = new HostControl(bridge, context, {
			starts: options.startWhenHostJoins === true,
			ends: options.endWhenHostLeaves === true,
			graceSeconds: optionalNumber(options.hostGraceSeconds, "hostGraceSeconds", 0) ?? DEFAULT_HOST_GRACE_SECONDS,
			wanted: this.wanted,
			changedElsewhere: () => this.poll(),
		});

		this.connections.push(
			Players.PlayerAdded.Connect((player) => {
				this.markPlayer(player.UserId);
				this.host.joined(player.UserId);
			}),
		);
		this.connections.push(Players.PlayerRemoving.Connect((player) => this.host.left(player.UserId, () => this.sessions())));
		// A session this server starts or ends is known at once, without waiting for a poll.
		this.connections.push(bridge.actionCompleted.Connect((report) => this.noteStatusChange(report)));
		game.BindToClose(() => this.stop());
		this.tick();
	}

	/** Looks for in-progress sessions now; resolves once everyone in the server has been handled. */
	refresh(): Promise<void> {
		return this.poll().then(() => this.settled());
	}

	/** Resolves once every mark started so far has finished. */
	settled(): Promise<void> {
		const pending = new Array<Promise<void>>();
		for (const [, mark] of this.marks) if (mark.getStatus() === Promise.Status.Started) pending.push(mark);
		if (pending.size() === 0) return Promise.resolve();
		return Promise.all(pending).then(() => this.settled());
	}

	/** The in-progress sessions being tracked, as of the last look. */
	sessions(): Array<Session> {
		const list = new Array<Session>();
		for (const [, session] of this.active) list.push(session);
		return list;
	}

	/** Stops marking and polling. Marks already queued still finish. */
	stop() {
		if (this.stopped) return;
		this.stopped = true;
		this.cancelTimer?.();
		this.host.stop();
		for (const connection of this.connections) connection.Disconnect();
	}

	private tick() {
		if (this.stopped) return;
		this.poll().finally(() => {
			if (!this.stopped) this.cancelTimer = this.context.scheduler.delay(this.pollSeconds, () => this.tick());
		});
	}

	private poll(): Promise<void> {
		if (this.stopped) return Promise.resolve();
		return this.bridge.sessions
			.list({ status: "in_progress" })
			.then((page) => {
				const now = new Map<string, Session>();
				for (const session of page.sessions) if (this.wanted(session)) now.set(session.id, session);
				this.forgetEnded(now);
				this.active = now;
				this.markEveryone();
				return this.host.refresh();
			})
			.then(
				() => {
					this.lastPollError = undefined;
				},
				(raised) => {
					const message = tostring(raised);
					if (message !== this.lastPollError) warn(`RankBridge attendance: could not list sessions: ${message}`);
					this.lastPollError = message;
				},
			);
	}

	/** Drops what this server remembers about sessions that are no longer in progress. */
	private forgetEnded(stillActive: Map<string, Session>) {
		for (const [sessionId] of this.active) {
			if (stillActive.has(sessionId)) continue;
			const prefix = `${sessionId}/`;
			for (const [key] of this.marks) if (key.sub(1, prefix.size()) === prefix) this.marks.delete(key);
		}
	}

	private noteStatusChange(report: ActionReport) {
		if (this.stopped || report.kind !== "setSessionStatus" || !typeIs(report.result, "table")) return;
		const session = (report.result as SessionDetail).session;
		if (session === undefined) return;
		if (session.status === "in_progress" && this.wanted(session)) {
			this.active.set(session.id, session);
			this.markEveryone();
		} else if (session.status !== "in_progress" && this.active.has(session.id)) {
			const remaining = new Map<string, Session>();
			for (const [id, active] of this.active) if (id !== session.id) remaining.set(id, active);
			this.forgetEnded(remaining);
			this.active = remaining;
		}
	}

	private markEveryone() {
		for (const player of Players.GetPlayers()) this.markPlayer(player.UserId);
	}

	private markPlayer(userId: number) {
		if (this.stopped) return;
		for (const [, session] of this.active) this.mark(session, userId);
	}

	private mark(session: Session, userId: number) {
		const key = `${session.id}/${userId}`;
		if (this.marks.has(key)) return;
		let forgotten = false;
		const mark = this.bridge.getRank(userId).then(
			(rank) => {
				if (rank < this.minRank) {
					const reason = rank === 0 ? "not a member of the group" : `rank ${rank} is below minRank ${this.minRank}`;
					this.skipped.Fire({ sessionId: session.id, userId, reason });
					return;
				}
				return this.submit(session, userId);
			},
			() => {
				// GroupService failed: forget this attempt, so the next poll or join tries again.
				forgotten = true;
				this.marks.delete(key);
			},
		);
		// (A rank read that fails at once runs the handler above before this line.)
		if (!forgotten) this.marks.set(key, mark);
	}

	private submit(session: Session, userId: number): Promise<void> {
		const actor = this.actor ?? this.context.defaultActor ?? session.createdByRobloxId;
		return this.bridge.sessions.markAttended(session.id, userId, { id: attendanceActionId(session.id, userId), actor, role: this.role }).then(
			(result) => this.attended.Fire({ sessionId: session.id, userId, alreadyDone: wasAlreadyDone(result) }),
			(raised) => {
				const failure = toRankError(raised);
				if (failure.kind === ErrorKind.NotFound) this.active.delete(session.id);
				const quiet = NOT_ELIGIBLE.includes(failure.kind) || failure.kind === ErrorKind.ShuttingDown;
				if (!quiet) warn(`RankBridge attendance: could not mark user ${userId} attended in "${session.title}": ${failure}`);
				this.skipped.Fire({ sessionId: session.id, userId, reason: failure.message, error: failure });
			},
		);
	}
}
