// Automatic attendance on a virtual clock: how often it looks for sessions, and that a second
// server does not add someone the first already marked.
import { virtualWorld, member } from "../helpers/bridges";
import { EmulatorTransport } from "../helpers/emulatorTransport";
import { cleanUp, join, leave, RecordingTransport, settle, stopLater, writesFor } from "./support";
import { useWebReads, WEB_READS } from "../helpers/variants";

const LIST = "GET /api/sessions";

// Each spec runs with GroupService reads that yield (as Roblox's web calls do) and that answer at once.
export = () => {
	for (const mode of WEB_READS) {
		describe(`GroupService reads: ${mode}`, () => {
			useWebReads(mode, { beforeAll, afterAll });
			afterEach(cleanUp);

			function setup() {
				const v = virtualWorld();
				const recorded = (config = {}) => {
					const transport = new RecordingTransport(new EmulatorTransport(v.emulator, v.scheduler));
					return { ...v.server({ transport, ...config }), recording: transport };
				};
				const startSession = (title: string, sessionType = "Training") =>
					v.world.rankgun.addSession({
						title,
						type: sessionType,
						status: "in_progress",
						scheduledStartAt: math.floor(v.emulator.now()) - 60,
					});
				return { ...v, recorded, startSession };
			}

			it("looks for sessions once at the start and then once per pollSeconds", () => {
				const { scheduler, recorded } = setup();
				const { bridge, recording } = recorded();
				stopLater(bridge.trackAttendance({ pollSeconds: 30 }));
				scheduler.advance(1);
				expect(recording.count(LIST)).to.equal(1);
				scheduler.advance(28);
				expect(recording.count(LIST)).to.equal(1);
				scheduler.advance(2);
				expect(recording.count(LIST)).to.equal(2);
				scheduler.advance(60);
				expect(recording.count(LIST)).to.equal(4);
			});

			it("polls every 60 seconds by default", () => {
				const { scheduler, recorded } = setup();
				const { bridge, recording } = recorded();
				stopLater(bridge.trackAttendance());
				scheduler.advance(59);
				expect(recording.count(LIST)).to.equal(1);
				scheduler.advance(2);
				expect(recording.count(LIST)).to.equal(2);
			});

			it("picks up a session that starts later at the next look, marking the players already there", () => {
				const { scheduler, world, recorded, startSession } = setup();
				const { bridge } = recorded();
				const tracker = stopLater(bridge.trackAttendance({ pollSeconds: 30 }));
				join(member(world, "Recruit1"));
				scheduler.advance(5);
				const session = startSession("Late drill");
				scheduler.advance(20);
				expect(session.participants.size()).to.equal(0);
				scheduler.advance(10);
				settle(scheduler, tracker.settled());
				expect(world.rankgun.participant(session.id, member(world, "Recruit1").id)?.attendanceStatus).to.equal("attended");
			});

			it("stops marking at the first look after a session ends elsewhere", () => {
				const { scheduler, world, recorded, startSession } = setup();
				const { bridge } = recorded();
				const session = startSession("Drill");
				const tracker = stopLater(bridge.trackAttendance({ pollSeconds: 30 }));
				scheduler.advance(1);
				session.status = "completed";
				scheduler.advance(30);
				join(member(world, "Recruit1"));
				settle(scheduler, tracker.settled());
				expect(session.participants.size()).to.equal(0);
			});

			it("does not add a player again on a second server: the first server's mark is shared", () => {
				const { scheduler, world, recorded, startSession } = setup();
				const session = startSession("Drill");
				const recruit = member(world, "Recruit1");
				const first = recorded();
				const firstTracker = first.bridge.trackAttendance();
				scheduler.advance(1);
				join(recruit);
				settle(scheduler, firstTracker.settled());
				expect(writesFor(world, session.id, recruit.id).size()).to.equal(1);
				firstTracker.stop();
				leave(recruit);

				const second = recorded();
				const secondTracker = stopLater(second.bridge.trackAttendance());
				const marks = new Array<boolean>();
				secondTracker.attended.Connect((mark) => marks.push(mark.alreadyDone));
				scheduler.advance(1);
				join(recruit);
				settle(scheduler, secondTracker.settled());
				expect(marks.size()).to.equal(1);
				expect(marks[0]).to.equal(true);
				expect(writesFor(world, session.id, recruit.id).size()).to.equal(1);
				expect(second.recording.count(`POST /api/sessions/${session.id}/participants`)).to.equal(0);
			});
		});
	}
};
