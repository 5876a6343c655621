// What the test harness (tests/harness/services.luau) offers specs, typed.
import { ServerStorage } from "@rbxts/services";
import type { CloudExperience, CloudServer } from "../../cloud";
import type { Emulator } from "../../emulator";

export interface ClientEvent {
	remote: string;
	args: { n: number } & Array<unknown>;
}

// The harness defines these with `.`, not `:`: declared as function-valued properties so that
// roblox-ts calls them without passing the module as `self`.
export interface HarnessApi {
	/** The emulator the harness serves on loopback, for seeding and inspecting state. */
	readonly emulator: Emulator;
	/** Its base URL, e.g. "http://127.0.0.1:43117". */
	readonly emulatorUrl: string;
	/**
	 * The experience behind game:GetService("MemoryStoreService") and ("DataStoreService"), on the
	 * real clock, and this DataModel's server in it (its players are the Players service's).
	 */
	readonly cloud: { experience: CloudExperience; server: CloudServer };
	/** Puts a secret in the store (undefined removes it), usable at `domain` (default "*", anywhere). */
	readonly setSecret: (name: string, value: string | undefined, domain?: string) => void;
	readonly setClient: (isClient: boolean) => void;
	readonly setHttpEnabled: (enabled: boolean) => void;
	/**
	 * How GroupService's and Players' web reads answer: "yield" (the default, as Roblox's web calls
	 * do) after `delay` seconds (default 0: the next resumption), or "instant" on the caller's thread.
	 */
	readonly setWebReads: (mode: "yield" | "instant", delay?: number) => void;
	/** A fresh game server's HTTP budget (500 general, 2,500 Open Cloud per minute). */
	readonly resetHttpBudget: () => void;
	/** Everything scripts passed to warn so far, oldest first. */
	readonly warnings: () => Array<string>;
	/**
	 * What the task scheduler could not resume since the last call (a thread from task.defer or
	 * task.delay that something else ended before its turn), as Roblox words it in the output;
	 * clears them. Any left at the end fail the run.
	 */
	readonly takeSchedulerErrors: () => Array<string>;
	readonly httpLog: () => Array<{ Method: string; Url: string; Headers: Record<string, string>; Body?: string }>;
	readonly addPlayer: (info: { userId: number; name: string; displayName?: string }) => Player;
	readonly removePlayer: (userId: number) => void;
	/** The player types `text` in chat; true if an enabled TextChatCommand took it. */
	readonly chat: (userId: number, text: string) => boolean;
	/** What the server sent this player through RemoteEvents, oldest first. */
	readonly clientEvents: (userId: number) => Array<ClientEvent>;
	/** What this player's client showed as system messages in chat (client scripts must be running). */
	readonly systemMessages: (userId: number) => Array<string>;
	/** Loads a model file (one root) and parents its root under `parent`; returns the root. */
	readonly loadModel: (path: string, parent: Instance) => Instance;
	/** Starts a Script: an existing one, or a new one with this source under `parent`. Returns it. */
	readonly runScript: (scriptOrSource: Script | string, parent?: Instance, name?: string) => Script;
	/** Sends requests for `origin` ("https://api.rankgun.works") to `target` (undefined: stop). */
	readonly routeHost: (origin: string, target: string | undefined) => void;
	/** `npm run play` in this server: the script through the scenario; whether every step ran, and the output. */
	readonly play: (scriptPath: string, scenario: string) => LuaTuple<[boolean, Array<string>]>;
	/** Builds a game project (DataModel root) into this game's services; returns what it added. */
	readonly mountGame: (projectPath: string) => Array<Instance>;
	/** Builds a Rojo project (not a game) and returns its root, unparented. */
	readonly buildProject: (projectPath: string) => Instance;
	/** The text of a repository file (a path relative to the repository's root). */
	readonly readFile: (path: string) => string;
	/** Every file under a repository folder, as root-relative paths, sorted. */
	readonly listFiles: (folder: string) => Array<string>;
	/** Runs the BindToClose callbacks in parallel; true if all finished within `limit` seconds. */
	readonly shutdown: (limit?: number) => boolean;
}

export const Harness = require(ServerStorage.WaitForChild("Harness") as ModuleScript) as HarnessApi;
