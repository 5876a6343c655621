// Frames in virtual time. A Roblox server runs at 60 frames a second; in each, every thread whose
// wait is over resumes and runs until it yields, then the threads deferred meanwhile run: that
// is the work a frame holds, and a frame that holds more than its share stalls the game. A
// thread that waits, even 0 s, resumes in a later frame than the one that set the wait.
//
// FrameScheduler plays that out: runFrame() runs the timers due by the end of the next frame
// that has any (their callbacks, and everything those run before yielding), then lets the
// threads deferred meanwhile run; a timer set during a frame fires no earlier than the next one.
// A frame's work is the wall time it takes (os.clock(): per-frame CPU readings would cost more
// than most frames) less the stand-ins' own time; on a quiet machine wall time is CPU time, and
// on a busy one it only overstates the frame. How much the longest frame may be overstated is
// read beside it: the time the thread that runs Luau waited for a CPU around it (scaling.ts).
import { VirtualScheduler } from "../specs/helpers/virtualScheduler";

export const FRAME_SECONDS = 1 / 60;

/** A frame's end falls a hair before the next frame's start, so timers set for that start wait for it. */
const HAIR = 1e-9;

/** Lets the threads deferred so far run (Promise bookkeeping among them), as at the end of a frame. */
export function runDeferred() {
	if (!coroutine.isyieldable()) return;
	const thread = coroutine.running();
	task.defer(() => task.spawn(thread));
	coroutine.yield();
}

export class FrameScheduler extends VirtualScheduler {
	private frameEnd?: number;

	delay(seconds: number, callback: () => void) {
		const frameEnd = this.frameEnd;
		const wait = frameEnd !== undefined ? math.max(seconds, frameEnd - this.now()) : seconds;
		return super.delay(wait, callback);
	}

	/**
	 * Runs the next frame that has work; returns its virtual start second, or undefined when no
	 * timer is set at all.
	 */
	runFrame(): number | undefined {
		const due = this.nextAt();
		if (due === undefined) return undefined;
		const index = math.floor(due / FRAME_SECONDS + 1e-6);
		const frameEnd = (index + 1) * FRAME_SECONDS;
		this.frameEnd = frameEnd;
		this.advance(math.max(0, frameEnd - HAIR - this.now()));
		runDeferred();
		this.frameEnd = undefined;
		return index * FRAME_SECONDS;
	}
}
