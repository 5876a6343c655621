// Admin chat commands: /promote, /demote, /setrank, /rank and /session, as TextChatCommands
// handled on the server. Who may use them is configured; the admin must outrank whoever they
// rank and the rank they give, when the command is typed and again when the change is sent;
// every rank or session change goes through the bridge (and so through its queue and its
// actionCompleted/actionFailed signals, with the admin as actor). The admin, and only the
// admin, is told what happened, in chat. Nothing a client sends reaches this code except the
// chat message the engine hands to Triggered.
import { Players, TextChatService } from "@rbxts/services";
import type { RankBridgeApi } from "../api/surface";
import { ErrorKind, RankError, toRankError } from "../core/errors";
import { Signal, SignalConnection } from "../core/signal";
import * as check from "../core/validate";
import { CommandCall, CommandDefinition, CommandResult, failed, refuse, Reply } from "./commandTypes";
import { FeatureContext } from "./context";
import { checkFields, optionalFunction, optionalList, optionalNumber } from "./options";
import { RANK_COMMANDS } from "./rankCommands";
import { PendingRanks } from "./pendingRanks";
import { ReplyChannel } from "./replies";
import { SessionActors } from "./sessionActors";
import { SESSION_COMMAND } from "./sessionCommands";
import { typeFilter } from "./sessionPick";

export interface CommandOptions {
	/** Group members at or above this rank may use the commands. */
	minRank?: number;
	/** These users may use the commands. */
	allowUserIds?: Array<number>;
	/** Your own check: return true to let `player` use `command` ("promote", "session", ...). */
	readonly canUse?: (player: Player, command: string) => boolean;
	/** Seconds an admin waits between commands. Default 3. */
	cooldown?: number;
	/** Session types /session works on, by name (any case) or id. Default: every type. */
	sessionTypes?: Array<string>;
	/** Tell the admin what happened in chat. Default true. */
	replies?: boolean;
}

const KNOWN = ["minRank", "allowUserIds", "canUse", "cooldown", "sessionTypes", "replies"];
const DEFAULT_COOLDOWN = 3;
const COMMANDS: ReadonlyArray<CommandDefinition> = [...RANK_COMMANDS, SESSION_COMMAND];
const FOLDER = "RankBridgeCommands";

function words(text: string): Array<string> {
	const list = new Array<string>();
	for (const [word] of text.gmatch("%S+")) list.push(word as string);
	return list;
}

/** Turned on by `bridge:enableCommands(options)`; `stop()` turns it off. */
export class ChatCommands {
	/** Fires for every command that was carried out or failed (the service or a read failed). */
	readonly commandRan = new Signal<CommandResult>();
	/** Fires for every command a check refused; nothing was sent for it. */
	readonly commandRefused = new Signal<CommandResult>();

	private readonly minRank?: number;
	private readonly allowUserIds: ReadonlyArray<number>;
	private readonly canUse?: (player: Player, command: string) => boolean;
	private readonly cooldown: number;
	private readonly wantedSession: CommandCall["wantedSession"];
	private readonly lastUse = new Map<number, number>();
	private readonly pending = new PendingRanks();
	private readonly actors: SessionActors;
	private readonly folder: Folder;
	private readonly replies?: ReplyChannel;
	private readonly connections = new Array<SignalConnection | RBXScriptConnection>();
	private stopped = false;

	constructor(
		private readonly bridge: RankBridgeApi,
		options: CommandOptions,
		private readonly context: FeatureContext,
	) {
		checkFields(options, "enableCommands options", KNOWN);
		this.minRank = options.minRank !== undefined ? check.integerInRange(options.minRank, "minRank", 1, 255) : undefined;
		this.allowUserIds = optionalList(options.allowUserIds, "allowUserIds", (entry, label) => check.userId(entry, label)) ?? [];
		this.canUse = optionalFunction(options.canUse, "canUse");
		if (this.minRank === undefined && this.allowUserIds.size() === 0 && this.canUse === undefined) {
			throw refusalToConfigure();
		}
		this.cooldown = optionalNumber(options.cooldown, "cooldown", 0) ?? DEFAULT_COOLDOWN;
		this.actors = new SessionActors(context.defaultActor);
		this.wantedSession = typeFilter(optionalList(options.sessionTypes, "sessionTypes", (entry, label) => check.nonEmptyString(entry, label)));
		if (options.replies !== undefined && !typeIs(options.replies, "boolean")) throw refusalToConfigure("replies must be true or false");

		this.folder = new Instance("Folder");
		this.folder.Name = FOLDER;
		for (const command of COMMANDS) {
			const chatCommand = new Instance("TextChatCommand");
			chatCommand.Name = `RankBridge_${command.name}`;
			chatCommand.PrimaryAlias = `/${command.name}`;
			chatCommand.Parent = this.folder;
			this.connections.push(
				chatCommand.Triggered.Connect((source, text) => {
					const player = Players.GetPlayerByUserId(source.UserId);
					if (player) this.run(player, text);
				}),
			);
		}
		this.folder.Parent = TextChatService;
		if (options.replies !== false) this.replies = new ReplyChannel();
		game.BindToClose(() => this.stop());
	}

	/**
	 * Runs one command as if `player` had typed `text` (e.g. "/promote bob"), with every check.
	 * For adapters to other admin systems; chat calls it too. Resolves with what came of it.
	 */
	run(player: Player, text: string): Promise<CommandResult> {
		const typed = words(text);
		const [name] = (typed[0] ?? "").lower().gsub("^/", "");
		const command = COMMANDS.find((candidate) => candidate.name === name);
		const finish = (reply: Reply): CommandResult => {
			const result: CommandResult = { ...reply, userId: player.UserId, command: command?.name ?? name, text };
			this.replies?.send(player, result.message, result.status === "done" ? "info" : "error");
			(result.status === "refused" ? this.commandRefused : this.commandRan).Fire(result);
			return result;
		};
		if (this.stopped) return Promise.resolve(finish(refuse("NotPermitted", "Chat commands are turned off.")));
		if (!command) {
			return Promise.resolve(
				finish(refuse("BadUsage", `There is no command "${typed[0] ?? ""}". Commands: ${COMMANDS.map((c) => `/${c.name}`).join(", ")}.`)),
			);
		}
		let rank: Promise<number> | undefined;
		const call: CommandCall = {
			bridge: this.bridge,
			context: this.context,
			admin: player,
			args: typed.filter((_, index) => index > 0),
			text,
			adminRank: () => (rank ??= this.bridge.getRank(player.UserId)),
			wantedSession: this.wantedSession,
			pending: this.pending,
			actors: this.actors,
		};
		return this.permitted(call, command.name)
			.then((allowed): Reply | Promise<Reply> => {
				if (!allowed) return refuse("NotPermitted", `You may not use /${command.name}.`);
				const now = this.context.scheduler.now();
				const last = this.lastUse.get(player.UserId);
				if (last !== undefined && now - last < this.cooldown) {
					return refuse("Cooldown", `Wait ${math.ceil(this.cooldown - (now - last))} s before your next command.`);
				}
				const parsed = command.parse(call);
				if (!typeIs(parsed, "function")) return parsed;
				// A typo costs nothing; anything that reaches the services starts the cooldown.
				this.lastUse.set(player.UserId, now);
				return parsed();
			})
			.catch((raised) => failed(`/${command.name} failed: ${toRankError(raised)}`))
			.then(finish);
	}

	/** Removes the commands and the reply channel. */
	stop() {
		if (this.stopped) return;
		this.stopped = true;
		for (const connection of this.connections) connection.Disconnect();
		this.folder.Destroy();
		this.replies?.destroy();
	}

	/** Allowed if any configured rule allows: the user id list, the custom check, or the minimum rank. */
	private permitted(call: CommandCall, command: string): Promise<boolean> {
		const player = call.admin;
		if (this.allowUserIds.includes(player.UserId)) return Promise.resolve(true);
		if (this.canUse) {
			const [ok, allowed] = pcall(this.canUse, player, command);
			if (!ok) warn(`RankBridge commands: canUse errored, so ${player.Name} was refused: ${allowed}`);
			else if (allowed === true) return Promise.resolve(true);
		}
		if (this.minRank === undefined) return Promise.resolve(false);
		const minRank = this.minRank;
		// Fail closed: a rank that cannot be read allows nothing.
		return call.adminRank().then(
			(rank) => rank >= minRank,
			() => false,
		);
	}
}

function refusalToConfigure(detail?: string): RankError {
	return new RankError(
		ErrorKind.InvalidRequest,
		`enableCommands: ${
			detail ??
			"give minRank (a group rank), allowUserIds (a list of user ids) or canUse (a function) to say who may use the commands; with none, nobody could."
		}`,
	);
}
