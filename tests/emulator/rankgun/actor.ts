// `actorRobloxId`: every session write names the workspace member it is done on behalf of.
import { failure, Failure } from "./responses";
import { Body, isPositiveInteger } from "./validate";
import { RankGunWorkspace } from "./workspace";

export function requireActor(workspace: RankGunWorkspace, body: Body): number | Failure {
	const actor = body.actorRobloxId;
	if (!isPositiveInteger(actor)) return failure(400, "INVALID_ACTOR", "actorRobloxId is required and must be a Roblox user id.");
	if (!workspace.isStaff(actor)) {
		return failure(400, "INVALID_ACTOR", `actorRobloxId ${actor} is not a member of this workspace.`);
	}
	return actor;
}
