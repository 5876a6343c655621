// What the test harness (tests/harness/services.luau) offers specs, typed.
import { ServerStorage } from "@rbxts/services";
import type { Emulator } from "../../emulator";

export interface ClientEvent {
	remote: string;
	args: { n: number } & Array<unknown>;
}

export interface HarnessApi {
	/** The emulator the harness serves on loopback, for seeding and inspecting state. */
	readonly emulator: Emulator;
	/** Its base URL, e.g. "http://127.0.0.1:43117". */
	readonly emulatorUrl: string;
	setSecret(name: string, value: string | undefined): void;
	setClient(isClient: boolean): void;
	setHttpEnabled(enabled: boolean): void;
	/** A fresh game server's HTTP budget (500 general, 2,500 Open Cloud per minute). */
	resetHttpBudget(): void;
	httpLog(): Array<{ Method: string; Url: string; Headers: Record<string, string>; Body?: string }>;
	addPlayer(info: { userId: number; name: string; displayName?: string }): Player;
	removePlayer(userId: number): void;
	/** The player types `text` in chat; true if an enabled TextChatCommand took it. */
	chat(userId: number, text: string): boolean;
	/** What the server sent this player through RemoteEvents, oldest first. */
	clientEvents(userId: number): Array<ClientEvent>;
	/** Runs the BindToClose callbacks in parallel; true if all finished within `limit` seconds. */
	shutdown(limit?: number): boolean;
}

export const Harness = require(ServerStorage.WaitForChild("Harness") as ModuleScript) as HarnessApi;
