// Depth: one server with `queued` setRank actions, each for a different member, all accepted at
// once, then drained at RankGun's 100 a minute; its group has as many members, or more when
// asked. Enqueue and drain cost per action, heap per queued action, and the longest frame of
// library work while they drain (see frames.ts).
import { Clocks, cpuShare, round, startSpan } from "./clock";
import { FrameScheduler } from "./frames";
import { libraryHeapKb } from "./heap";
import { oneServer } from "./oneServer";

/** Virtual seconds after the last action is accepted at which the heap is read: journaled, the first minute's sends out. */
const SETTLE_SECONDS = 10;

export interface ScalingRow {
	queued: number;
	/**
	 * Members of the group (the emulator's world of them, about 1 KB a member, lives in the same
	 * Luau heap as the library): the bench gives every depth row the deepest row's count, so the
	 * rows differ in depth alone, and one row as many as it queues.
	 */
	groupMembers: number;
	/** CPU µs per accepted action (the calls that accept them, back to back). */
	enqueueMicros: number;
	/** CPU µs per action finished while draining, the stand-ins' share taken out. */
	drainMicros: number;
	/** Live heap growth per action still queued, the stand-ins' stored data taken out: once settled, and right after the enqueue. */
	bytesPerAction: number;
	enqueuedBytesPerAction: number;
	/** The longest frame of library work while draining, and the virtual second it began. */
	maxFrameMillis: number;
	maxFrameAt: number;
	/**
	 * At most how much of that frame the thread that runs Luau waited for a CPU while the machine
	 * ran something else (0 when none of it, or when the runner cannot tell).
	 */
	maxFrameWaitedMillis: number;
	/** Frames with any work, and those over 50 ms. */
	frames: number;
	slowFrames: number;
	/** Actions finished (completed or failed) and failed; whether all finished before the wall-time limit. */
	drained: number;
	failed: number;
	complete: boolean;
	/** Virtual minutes the drain took (or had taken when it was cut off). */
	virtualMinutes: number;
	memoryStorePeakBytes: number;
	/**
	 * Virtual minutes skipped while every action left waited for RankGun's monthly quota to reset
	 * (20,000 rank actions a month on Elite, so a deeper queue spans months): run through in one
	 * go, their timers in order, but not frame by frame, and their CPU and wall time left out.
	 */
	parkedMinutes: number;
	/** Why the row's run stopped early, when it ran in a process of its own that died or was stopped. */
	error?: string;
}

/**
 * Virtual seconds after the quota is spent that are still played frame by frame (the library
 * meets the refusal, parks, and moves its line of lanes aside), and before its reset.
 */
const PARK_PLAYED = 300;
/** Virtual seconds skipped in one go while parked, between progress reports. */
const PARK_STEP = 6 * 3600;

/** Frames between readings of the Luau thread's waits for a CPU. */
const CHECK_EVERY = 100;

/** Wall seconds between progress reports while draining. */
const REPORT_EVERY = 5;

/**
 * Measures one row. `report` sees the row as it stands after the enqueue, after the heap reading
 * and every few seconds while draining, so a run that dies (a 100,000-deep queue can exhaust the
 * runtime) still leaves what it had measured. The actions are for the group's first `queued`
 * members.
 */
export function scalingRow(queued: number, clocks: Clocks, wallLimit: number, report?: (row: ScalingRow) => void, groupMembers = queued): ScalingRow {
	const { scheduler, world, cloud, bridge, transport, groups, counts } = oneServer(math.max(queued, groupMembers), new FrameScheduler());
	const standInSeconds = () => transport.emulatorSeconds + groups.seconds + cloud.memory.serviceSeconds() + cloud.data.serviceSeconds();
	const members = world.members.filter((_, index) => index < queued);
	const targets = members.map((user) => (world.group.rankOf(user.id) === 20 ? 30 : 20));
	const heapBefore = libraryHeapKb(cloud);

	const enqueue = startSpan(clocks);
	members.forEach((user, index) => {
		bridge.setRank(user.id, targets[index]);
	});
	const enqueued = enqueue();
	const enqueuedBytesPerAction = ((libraryHeapKb(cloud) - heapBefore) * 1024) / queued;

	const started = scheduler.now();
	const standInsBefore = standInSeconds();
	const drain = startSpan(clocks);
	let excludedCpu = 0;
	let excludedWall = 0;
	let bytesPerAction = 0;
	let heapRead = false;
	let maxFrame = 0;
	let maxFrameAt = 0;
	let maxFrameWaited = 0;
	let frames = 0;
	let slowFrames = 0;
	let parkedSeconds = 0;
	let excludedStandIns = 0;
	/** Wall seconds spent reading the Luau thread's waits. */
	let readSeconds = 0;
	let spentAt: number | undefined;
	const workspace = world.rankgun;
	/** Skips the stretch of a quota park between PARK_PLAYED after it began and PARK_PLAYED before the reset. */
	const skipPark = () => {
		const usage = workspace.usage;
		const nowUnix = scheduler.unixTime();
		if (usage.ranksThisMonth < workspace.monthlyQuota() || nowUnix >= usage.usageResetAt) {
			spentAt = undefined;
			return;
		}
		spentAt ??= nowUnix;
		const playAgainAt = usage.usageResetAt - PARK_PLAYED;
		if (nowUnix < spentAt + PARK_PLAYED || nowUnix >= playAgainAt) return;
		const skipping = startSpan(clocks);
		const standInsAt = standInSeconds();
		const seconds = math.min(PARK_STEP, playAgainAt - nowUnix);
		scheduler.advance(seconds);
		parkedSeconds += seconds;
		const spent = skipping();
		excludedCpu += spent.cpu;
		excludedWall += spent.wall;
		excludedStandIns += standInSeconds() - standInsAt;
	};
	const snapshot = (): ScalingRow => {
		const spent = drain();
		const span = { cpu: spent.cpu - excludedCpu - cpuShare(readSeconds, spent), wall: spent.wall - excludedWall - readSeconds };
		const inStandIns = cpuShare(standInSeconds() - standInsBefore - excludedStandIns, span);
		return {
			queued,
			groupMembers: world.members.size(),
			enqueueMicros: round((enqueued.cpu / queued) * 1e6, 1),
			drainMicros: counts.finished > 0 ? round(((span.cpu - inStandIns) / counts.finished) * 1e6, 1) : 0,
			// On a small row the collector's leftovers can outweigh the growth: a reading below zero is that noise.
			bytesPerAction: math.max(0, round(bytesPerAction, 0)),
			enqueuedBytesPerAction: math.max(0, round(enqueuedBytesPerAction, 0)),
			maxFrameMillis: round(maxFrame * 1000, 2),
			maxFrameAt: round(maxFrameAt, 2),
			maxFrameWaitedMillis: round(maxFrameWaited * 1000, 2),
			frames,
			slowFrames,
			drained: counts.finished,
			failed: counts.failed,
			complete: counts.finished >= queued,
			virtualMinutes: round((scheduler.now() - started) / 60, 1),
			memoryStorePeakBytes: cloud.memory.figures().peakBytes,
			parkedMinutes: round(parkedSeconds / 60, 1),
		};
	};
	/** Reads the heap while the drain's clocks stand still. */
	const readHeap = () => {
		heapRead = true;
		const reading = startSpan(clocks);
		const stillQueued = queued - counts.finished;
		if (stillQueued > 0) bytesPerAction = ((libraryHeapKb(cloud) - heapBefore) * 1024) / stillQueued;
		const spent = reading();
		excludedCpu += spent.cpu;
		excludedWall += spent.wall;
		report?.(snapshot());
	};
	// The Luau thread's waits for a CPU: read every CHECK_EVERY frames, and again after a frame
	// that is the longest so far. The waits since the reading before it hold every wait within
	// it, so they bound how much of it was the machine running something else (0: none). A read
	// costs 30 to 80 µs (a file in /proc, read by another thread while this one waits), too much
	// to make around every frame without slowing the drain; its wall time is left out of the
	// drain's, and its share of the drain's CPU out of its CPU.
	const luauThreadWaited = clocks.luauThreadWaited;
	let checkpoint: number | undefined;
	let sinceCheckpoint = 0;
	const readWaited = (clock: () => number) => {
		const at = os.clock();
		const waited = clock();
		readSeconds += os.clock() - at;
		return waited;
	};
	report?.(snapshot());
	let reportedAt = os.clock();
	// The wall-time limit is checked on the wall clock alone: the CPU clock reads /proc for every
	// thread, which once a frame would be charged to the drain.
	const drainWallFrom = os.clock();
	while (counts.finished < queued && os.clock() - drainWallFrom - excludedWall - readSeconds < wallLimit) {
		if (!heapRead && scheduler.now() - started >= SETTLE_SECONDS) readHeap();
		skipPark();
		if (luauThreadWaited && (checkpoint === undefined || sinceCheckpoint >= CHECK_EVERY)) {
			checkpoint = readWaited(luauThreadWaited);
			sinceCheckpoint = 0;
		}
		const wallBefore = os.clock();
		const inStandIns = standInSeconds();
		const at = scheduler.runFrame();
		if (at === undefined) break;
		const work = os.clock() - wallBefore - (standInSeconds() - inStandIns);
		frames += 1;
		sinceCheckpoint += 1;
		if (work > 0.05) slowFrames += 1;
		if (work > maxFrame) {
			maxFrame = work;
			maxFrameAt = at - started;
			if (luauThreadWaited && checkpoint !== undefined) {
				const waited = readWaited(luauThreadWaited);
				maxFrameWaited = math.clamp(waited - checkpoint, 0, work);
				checkpoint = waited;
				sinceCheckpoint = 0;
			}
		}
		if (report && os.clock() - reportedAt >= REPORT_EVERY) {
			reportedAt = os.clock();
			report(snapshot());
		}
	}
	// A drain cut off (or over) before the settle still reads the heap, with what is left queued.
	if (!heapRead) readHeap();
	const row = snapshot();
	report?.(row);
	return row;
}
