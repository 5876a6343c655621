// Shared by the in-game specs: players joining and leaving, sessions on the emulator, command
// results, and cleaning up features a spec turned on.
import { Players } from "@rbxts/services";
import type { RobloxUser } from "../../emulator/roblox";
import type { World } from "../../emulator";
import { Future } from "../../../src/core/future";
import type { ChatCommands } from "../../../src/features/commands";
import type { CommandResult } from "../../../src/features/commandTypes";
import type { HttpRequest, HttpResponse, HttpTransport } from "../../../src/roblox/http";
import { Harness } from "../helpers/harness";
import type { VirtualScheduler } from "../helpers/virtualScheduler";

const cleanups = new Array<() => void>();

/** Stops `feature` after the spec, even if the spec fails. */
export function stopLater<T extends { stop(): void }>(feature: T): T {
	cleanups.push(() => feature.stop());
	return feature;
}

/** Stops every feature the spec turned on and sends every player home. For afterEach. */
export function cleanUp() {
	for (const cleanup of cleanups) cleanup();
	cleanups.clear();
	for (const player of Players.GetPlayers()) Harness.removePlayer(player.UserId);
}

export function join(user: RobloxUser): Player {
	return Harness.addPlayer({ userId: user.id, name: user.name, displayName: user.displayName });
}

export function leave(user: RobloxUser) {
	Harness.removePlayer(user.id);
}

/** A session in progress on the world's workspace, started a minute ago. */
export function sessionInProgress(world: World, sessionType: string, title = `${sessionType} now`, createdBy?: number) {
	const now = math.floor(Harness.emulator.now());
	return world.rankgun.addSession({ title, type: sessionType, status: "in_progress", scheduledStartAt: now - 60, createdByRobloxId: createdBy });
}

/** The workspace's session-log entries about this user on this session (adds and updates). */
export function writesFor(world: World, sessionId: string, userId: number) {
	return world.rankgun.sessionLog.filter(
		(entry) =>
			entry.sessionId === sessionId &&
			(entry.action === "addParticipant" || entry.action === "updateParticipant") &&
			entry.detail.match(`^${userId}[ :]`)[0] !== undefined,
	);
}

/** The next command result for this user, from either signal. */
export function nextResult(commands: ChatCommands, userId: number): Promise<CommandResult> {
	return new Promise<CommandResult>((resolve, _, onCancel) => {
		const connections = [commands.commandRan, commands.commandRefused].map((signal) =>
			signal.Connect((result) => {
				if (result.userId !== userId) return;
				for (const connection of connections) connection.Disconnect();
				resolve(result);
			}),
		);
		onCancel(() => {
			for (const connection of connections) connection.Disconnect();
		});
	}).timeout(10);
}

/** The player types `text` in chat; returns what came of it. */
export function say(commands: ChatCommands, user: RobloxUser, text: string): CommandResult {
	const result = nextResult(commands, user.id);
	if (!Harness.chat(user.id, text)) {
		result.cancel();
		error(`no chat command took "${text}"`, 2);
	}
	return result.expect();
}

/** What the server sent this player on the reply remote, oldest first: [text, kind]. */
export function repliesTo(userId: number): Array<[string, string]> {
	return Harness.clientEvents(userId)
		.filter((event) => event.remote === "Replies")
		.map((event) => [event.args[0] as string, event.args[1] as string]);
}

/** Advances virtual time until `promise` settles (or `limit` seconds pass), then returns its value. */
export function settle<T>(scheduler: VirtualScheduler, promise: Promise<T>, limit = 30): T {
	scheduler.runUntil(() => promise.getStatus() !== Promise.Status.Started, limit);
	return promise.expect();
}

/** An HttpService stand-in that notes every request's method and path before passing it on. */
export class RecordingTransport implements HttpTransport {
	readonly requests = new Array<string>();

	constructor(private readonly inner: HttpTransport) {}

	request(request: HttpRequest): Future<HttpResponse> {
		const [path] = request.url.gsub("^https?://[^/]+", "");
		const [withoutQuery] = path.gsub("%?.*$", "");
		this.requests.push(`${request.method} ${withoutQuery}`);
		return this.inner.request(request);
	}

	count(line: string): number {
		return this.requests.filter((request) => request === line).size();
	}
}
