// What a roblox-ts game writes with the package's typings: RankBridge's types named through the
// class, a typed handler, and the error kinds.
import RankBridge from "@rbxts/rankbridge";

export function describe(bridge: RankBridge, change: RankBridge.RankChange): string {
	const status: RankBridge.Status = bridge.status();
	const kind: RankBridge.ErrorKind = RankBridge.ErrorKind.NotInGroup;
	const options: RankBridge.RankOptions = { reason: "typed" };
	return `${change.userId}: ${change.oldRank} -> ${change.newRank}; queued ${status.queued}; ${kind}; ${options.reason}`;
}

export function onFailure(bridge: RankBridge, seen: Array<RankBridge.ActionReport>) {
	return bridge.actionFailed.Connect((report) => {
		if (report.error && RankBridge.RankError.is(report.error, RankBridge.ErrorKind.NotInGroup)) seen.push(report);
	});
}
