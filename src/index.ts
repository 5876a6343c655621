import { RunService } from "@rbxts/services";

if (RunService.IsClient()) {
	error("RankBridge runs on the server only: require it from a Script in ServerScriptService or ServerStorage, not from a LocalScript.", 2);
}

/** The library's version. */
export const VERSION = "0.1.0";
