// One server of a game with `members` group members, for the memory and depth figures: stores
// on (the stand-ins, through the library's adapters), the emulator answering RankGun.
import { virtualWorld } from "../specs/helpers/bridges";
import { chaosMembers } from "../specs/helpers/chaos";
import { VirtualScheduler } from "../specs/helpers/virtualScheduler";

/**
 * The experience's concurrent users: MemoryStore's memory quota and request units grow with
 * them. A drain of 100 different members a minute keeps about 1,500 lanes (each kept 15
 * minutes), more than a small experience's quota holds, and a queue that starts thousands of
 * lanes at once is throttled by a small one's request units (which would hide what those lanes
 * cost). The server itself has 50 players.
 */
export const EXPERIENCE_USERS = 1000;
const PLAYERS = 50;

export function oneServer<S extends VirtualScheduler>(members: number, scheduler: S) {
	const { world, cloud, server } = virtualWorld({ members: chaosMembers(members), rankgun: { tier: "elite" } }, undefined, scheduler);
	cloud.setConcurrentUsers(EXPERIENCE_USERS);
	const { bridge, transport, groups } = server({}, { players: PLAYERS, mortal: false });
	const counts = { finished: 0, failed: 0 };
	bridge.actionCompleted.Connect(() => (counts.finished += 1));
	bridge.actionFailed.Connect(() => {
		counts.finished += 1;
		counts.failed += 1;
	});
	// The server starts (registry, journal index) before anything is measured.
	scheduler.advance(5);
	return { scheduler, world, cloud, bridge, transport, groups, counts };
}
