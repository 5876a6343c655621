// Sessions the game starts when their host joins and ends when the host leaves, on a virtual clock.
import { member, virtualWorld } from "../helpers/bridges";
import type { AttendanceOptions } from "../../../src/features/attendance";
import { cleanUp, join, leave, settle, stopLater } from "./support";
import { useWebReads, WEB_READS } from "../helpers/variants";

const MINUTE = 60;

function setup(startsIn: number) {
	const v = virtualWorld();
	const host = member(v.world, "Officer1");
	const now = math.floor(v.emulator.now());
	const session = v.world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: now + startsIn, createdByRobloxId: host.id });
	const track = (options: AttendanceOptions = {}) => stopLater(v.server().bridge.trackAttendance({ pollSeconds: 30, ...options }));
	const statusChanges = () => v.world.rankgun.sessionLog.filter((entry) => entry.action === "status" && entry.sessionId === session.id);
	return { ...v, host, session, track, statusChanges };
}

// Each spec runs with GroupService reads that yield (as Roblox's web calls do) and that answer at once.
export = () => {
	for (const mode of WEB_READS) {
		describe(`GroupService reads: ${mode}`, () => {
			useWebReads(mode, { beforeAll, afterAll });
			afterEach(cleanUp);

			it("starts a scheduled session when its host joins near its start, as the host, and marks everyone", () => {
				const { scheduler, world, host, session, track, statusChanges } = setup(5 * MINUTE);
				const tracker = track({ startWhenHostJoins: true });
				join(member(world, "Recruit1"));
				scheduler.advance(1);
				expect(session.status).to.equal("scheduled");
				join(host);
				settle(scheduler, tracker.settled());
				scheduler.advance(1);
				settle(scheduler, tracker.settled());
				expect(session.status).to.equal("in_progress");
				expect(statusChanges().size()).to.equal(1);
				expect(statusChanges()[0].actorRobloxId).to.equal(host.id);
				expect(world.rankgun.participant(session.id, member(world, "Recruit1").id)?.attendanceStatus).to.equal("attended");
				expect(world.rankgun.participant(session.id, host.id)?.attendanceStatus).to.equal("attended");
			});

			it("waits until 15 minutes before the scheduled start, then starts it at the next look if the host is still here", () => {
				const { scheduler, host, session, track } = setup(60 * MINUTE);
				track({ startWhenHostJoins: true });
				scheduler.advance(1);
				join(host);
				scheduler.advance(40 * MINUTE);
				expect(session.status).to.equal("scheduled");
				scheduler.advance(6 * MINUTE);
				expect(session.status).to.equal("in_progress");
			});

			it("does not start a session for anyone but its host, nor when the option is off", () => {
				const { scheduler, world, host, session, track } = setup(MINUTE);
				const tracker = track({ startWhenHostJoins: true });
				scheduler.advance(1);
				join(member(world, "Sergeant1"));
				scheduler.advance(5 * MINUTE);
				expect(session.status).to.equal("scheduled");
				tracker.stop();
				track();
				scheduler.advance(1);
				join(host);
				scheduler.advance(5 * MINUTE);
				expect(session.status).to.equal("scheduled");
			});

			it("starts it once when two servers see the host at the same time", () => {
				const { scheduler, host, session, track, statusChanges } = setup(MINUTE);
				track({ startWhenHostJoins: true });
				track({ startWhenHostJoins: true });
				scheduler.advance(1);
				join(host);
				scheduler.advance(MINUTE);
				expect(session.status).to.equal("in_progress");
				expect(statusChanges().size()).to.equal(1);
			});

			it("ends the session when the host leaves and is not back within the grace period", () => {
				const { scheduler, host, session, track, statusChanges } = setup(0);
				session.status = "in_progress";
				track({ endWhenHostLeaves: true, hostGraceSeconds: 90 });
				join(host);
				scheduler.advance(1);
				leave(host);
				scheduler.advance(80);
				expect(session.status).to.equal("in_progress");
				scheduler.advance(20);
				expect(session.status).to.equal("completed");
				expect(session.summary).to.equal("Ended in game: the host left.");
				expect(statusChanges()[0].actorRobloxId).to.equal(host.id);
			});

			it("keeps the session going when the host is back within the grace period, or when the option is off", () => {
				const { scheduler, host, session, track } = setup(0);
				session.status = "in_progress";
				const tracker = track({ endWhenHostLeaves: true });
				join(host);
				scheduler.advance(1);
				leave(host);
				scheduler.advance(100);
				join(host);
				scheduler.advance(5 * MINUTE);
				expect(session.status).to.equal("in_progress");
				tracker.stop();
				track();
				scheduler.advance(1);
				leave(host);
				scheduler.advance(10 * MINUTE);
				expect(session.status).to.equal("in_progress");
			});
		});
	}
};
