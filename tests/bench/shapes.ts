// Heap per queued action in three shapes of queue on one server: every action for one member,
// actions spread over 100 members, every action for a different member. Growth of the live heap
// between `warm` queued actions and `warm + count`, each read once the queue has settled
// (journaled, the first minute's sends out), per action still queued; the stand-ins' stored
// data is taken out (heap.ts).
import { VirtualScheduler } from "../specs/helpers/virtualScheduler";
import { round } from "./clock";
import { libraryHeapKb } from "./heap";
import { oneServer } from "./oneServer";

export type Shape = "oneMember" | "hundredMembers" | "distinctMembers";

const SETTLE_SECONDS = 10;

export function bytesPerQueuedAction(shape: Shape, count: number, warm: number): number {
	const members = shape === "oneMember" ? 1 : shape === "hundredMembers" ? 100 : warm + count;
	const { scheduler, world, cloud, bridge, counts } = oneServer(members, new VirtualScheduler());
	// Each member alternates between two ranks, starting with the one it is not at, so every action changes something.
	const startsHigh = world.members.map((user) => world.group.rankOf(user.id) === 20);
	let submitted = 0;
	const enqueue = (actions: number) => {
		for (let i = 0; i < actions; i++) {
			const index = submitted % members;
			const high = startsHigh[index] !== (math.floor(submitted / members) % 2 === 1);
			bridge.setRank(world.members[index].id, high ? 30 : 20);
			submitted += 1;
		}
		scheduler.advance(SETTLE_SECONDS);
	};
	enqueue(warm);
	const queuedBefore = submitted - counts.finished;
	const before = libraryHeapKb(cloud);
	enqueue(count);
	const added = submitted - counts.finished - queuedBefore;
	const after = libraryHeapKb(cloud);
	// On a small run the collector's leftovers can outweigh the growth: a reading below zero is that noise.
	return added > 0 ? math.max(0, round(((after - before) * 1024) / added, 0)) : 0;
}
