import { HttpService } from "@rbxts/services";

/** This server's id: its JobId in a live game, a fresh GUID elsewhere (Studio, tests). */
export function serverId(): string {
	return game.JobId !== "" ? game.JobId : HttpService.GenerateGUID(false);
}

/** A new action id. */
export function newId(): string {
	return HttpService.GenerateGUID(false);
}

/** Runs `callback` when the server shuts down (BindToClose gives everything 30 seconds in all). */
export function onShutdown(callback: () => void) {
	game.BindToClose(callback);
}
