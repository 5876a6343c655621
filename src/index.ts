// RankBridge's public surface. Everything a game uses is reachable from here.
import { RunService } from "@rbxts/services";
import { Activity, Applications, RankingCentre } from "./api/reads";
import { Sessions } from "./api/sessions";
import { RankBridge } from "./bridge";
import { requireColonCalls } from "./core/colon";
import { Signal } from "./core/signal";
import { AttendanceTracker } from "./features/attendance";
import { ChatCommands } from "./features/commands";
import { HyraApi } from "./providers/hyra/api";
import { OpenCloudApi } from "./providers/opencloud/api";

if (RunService.IsClient()) {
	error("RankBridge runs on the server only: require it from a Script in ServerScriptService or ServerStorage, not from a LocalScript.", 2);
}

// `bridge.promote(...)` with a dot says to use a colon instead of failing obscurely.
requireColonCalls(RankBridge, "bridge", ["createHyraToken"]);
requireColonCalls(Sessions, "bridge.sessions");
requireColonCalls(Activity, "bridge.activity");
requireColonCalls(RankingCentre, "bridge.rankingCentre");
requireColonCalls(Applications, "bridge.applications");
requireColonCalls(HyraApi, "bridge.hyra");
requireColonCalls(OpenCloudApi, "bridge.openCloud");
requireColonCalls(AttendanceTracker, "tracker");
requireColonCalls(ChatCommands, "commands");
requireColonCalls(Signal, "signal");

export = RankBridge;
