// RankBridge's public surface. Everything a game uses is reachable from here.
import { RunService } from "@rbxts/services";
import { RankBridge } from "./bridge";

if (RunService.IsClient()) {
	error("RankBridge runs on the server only: require it from a Script in ServerScriptService or ServerStorage, not from a LocalScript.", 2);
}

export = RankBridge;
