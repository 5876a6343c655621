// Automatic attendance against the emulator over HTTP: who is marked, once, and who is not.
import { Harness } from "../helpers/harness";
import { liveWorld, member } from "../helpers/bridges";
import type { AttendanceMark, AttendanceSkip } from "../../../src/features/attendance";
import { cleanUp, join, leave, sessionInProgress, stopLater, writesFor } from "./support";
import { useWebReads, WEB_READS } from "../helpers/variants";

function collect<T extends object>(signal: { Connect(handler: (value: T) => void): { Disconnect(): void } }) {
	const seen = new Array<T>();
	const connection = signal.Connect((value) => seen.push(value));
	return { seen, stop: () => connection.Disconnect() };
}

// Each spec runs with GroupService reads that yield (as Roblox's web calls do) and that answer at once.
export = () => {
	for (const mode of WEB_READS) {
		describe(`GroupService reads: ${mode}`, () => {
			useWebReads(mode, { beforeAll, afterAll });
			afterEach(cleanUp);

			it("marks a member who joins during an in-progress session attended, with one write", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const tracker = stopLater(bridge().trackAttendance({ sessionTypes: ["Training"] }));
				const marks = collect<AttendanceMark>(tracker.attended);
				tracker.refresh().expect();
				const recruit = member(world, "Recruit1");
				join(recruit);
				tracker.settled().expect();
				expect(world.rankgun.participant(session.id, recruit.id)?.attendanceStatus).to.equal("attended");
				expect(writesFor(world, session.id, recruit.id).size()).to.equal(1);
				expect(marks.seen.size()).to.equal(1);
				expect(marks.seen[0].userId).to.equal(recruit.id);
				expect(marks.seen[0].alreadyDone).to.equal(false);
			});

			it("marks everyone already in the server when tracking starts", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const present = [member(world, "Recruit1"), member(world, "Private1"), member(world, "Corporal1")];
				for (const user of present) join(user);
				const tracker = stopLater(bridge().trackAttendance({ sessionTypes: ["training"] }));
				tracker.refresh().expect();
				for (const user of present) expect(world.rankgun.participant(session.id, user.id)?.attendanceStatus).to.equal("attended");
			});

			it("does not count a rejoin twice: no new write and no second mark", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const tracker = stopLater(bridge().trackAttendance());
				const marks = collect<AttendanceMark>(tracker.attended);
				const recruit = member(world, "Recruit1");
				join(recruit);
				tracker.refresh().expect();
				const requestsBefore = Harness.httpLog().size();
				leave(recruit);
				join(recruit);
				leave(recruit);
				join(recruit);
				tracker.refresh().expect();
				expect(writesFor(world, session.id, recruit.id).size()).to.equal(1);
				expect(marks.seen.size()).to.equal(1);
				// The refresh's one list request, and nothing for the rejoins.
				expect(Harness.httpLog().size() - requestsBefore).to.equal(1);
			});

			it("turns an RSVP into attended", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const corporal = member(world, "Corporal1");
				world.rankgun.addParticipant(session.id, { robloxId: corporal.id, attendanceStatus: "confirmed" });
				join(corporal);
				const tracker = stopLater(bridge().trackAttendance());
				tracker.refresh().expect();
				expect(world.rankgun.participant(session.id, corporal.id)?.attendanceStatus).to.equal("attended");
				expect(session.participants.filter((participant) => participant.robloxId === corporal.id).size()).to.equal(1);
			});

			it("skips a player who is not in the group quietly, sending nothing for them", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const visitor = Harness.emulator.roblox.createUser("Visitor");
				const tracker = stopLater(bridge().trackAttendance());
				const skips = collect<AttendanceSkip>(tracker.skipped);
				tracker.refresh().expect();
				join(visitor);
				join(member(world, "Recruit1"));
				tracker.settled().expect();
				expect(skips.seen.size()).to.equal(1);
				expect(skips.seen[0].userId).to.equal(visitor.id);
				expect(skips.seen[0].reason).to.equal("not a member of the group");
				expect(world.rankgun.participant(session.id, visitor.id)).to.equal(undefined);
				expect(writesFor(world, session.id, visitor.id).size()).to.equal(0);
				expect(world.rankgun.participant(session.id, member(world, "Recruit1").id)?.attendanceStatus).to.equal("attended");
			});

			it("skips a group member the service will not put on sessions, and carries on with the rest", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const outsider = member(world, "Private1");
				world.rankgun.removeStaff(outsider.id);
				const tracker = stopLater(bridge().trackAttendance());
				const skips = collect<AttendanceSkip>(tracker.skipped);
				tracker.refresh().expect();
				join(outsider);
				join(member(world, "Recruit1"));
				tracker.settled().expect();
				expect(skips.seen.size()).to.equal(1);
				expect(skips.seen[0].error?.kind).to.equal("InvalidRequest");
				expect(world.rankgun.participant(session.id, outsider.id)).to.equal(undefined);
				expect(world.rankgun.participant(session.id, member(world, "Recruit1").id)?.attendanceStatus).to.equal("attended");
			});

			it("skips members below minRank", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const tracker = stopLater(bridge().trackAttendance({ minRank: 10 }));
				const skips = collect<AttendanceSkip>(tracker.skipped);
				tracker.refresh().expect();
				join(member(world, "Recruit1"));
				join(member(world, "Private1"));
				tracker.settled().expect();
				expect(world.rankgun.participant(session.id, member(world, "Recruit1").id)).to.equal(undefined);
				expect(skips.seen[0].reason).to.equal("rank 1 is below minRank 10");
				expect(world.rankgun.participant(session.id, member(world, "Private1").id)?.attendanceStatus).to.equal("attended");
			});

			it("ignores sessions of other types", () => {
				const { world, bridge } = liveWorld();
				const rally = sessionInProgress(world, "Rally");
				const training = sessionInProgress(world, "Training");
				const tracker = stopLater(bridge().trackAttendance({ sessionTypes: ["Training"] }));
				tracker.refresh().expect();
				join(member(world, "Recruit1"));
				tracker.settled().expect();
				expect(
					tracker
						.sessions()
						.map((session) => session.id)
						.join(),
				).to.equal(training.id);
				expect(rally.participants.size()).to.equal(0);
				expect(world.rankgun.participant(training.id, member(world, "Recruit1").id)?.attendanceStatus).to.equal("attended");
			});

			it("accepts a session type's id as well as its name", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Tryout");
				const tracker = stopLater(bridge().trackAttendance({ sessionTypes: [session.sessionTypeId] }));
				tracker.refresh().expect();
				expect(tracker.sessions().size()).to.equal(1);
			});

			it("stops marking once the session has ended (seen at the next look)", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const tracker = stopLater(bridge().trackAttendance());
				tracker.refresh().expect();
				join(member(world, "Recruit1"));
				tracker.settled().expect();
				session.status = "completed";
				tracker.refresh().expect();
				join(member(world, "Private1"));
				tracker.settled().expect();
				expect(tracker.sessions().size()).to.equal(0);
				expect(world.rankgun.participant(session.id, member(world, "Private1").id)).to.equal(undefined);
			});

			it("stops marking at once when this server ends the session, and starts at once when it starts one", () => {
				const { world, bridge } = liveWorld();
				const officer = member(world, "Officer1");
				const now = math.floor(Harness.emulator.now());
				const session = world.rankgun.addSession({
					title: "Drill",
					type: "Training",
					scheduledStartAt: now + 60,
					createdByRobloxId: officer.id,
				});
				const rankBridge = bridge();
				const tracker = stopLater(rankBridge.trackAttendance());
				tracker.refresh().expect();
				join(member(world, "Recruit1"));
				expect(tracker.sessions().size()).to.equal(0);
				rankBridge.sessions.start(session.id, { actor: officer.id }).expect();
				tracker.settled().expect();
				expect(world.rankgun.participant(session.id, member(world, "Recruit1").id)?.attendanceStatus).to.equal("attended");
				rankBridge.sessions.complete(session.id, { actor: officer.id }).expect();
				join(member(world, "Private1"));
				tracker.settled().expect();
				expect(world.rankgun.participant(session.id, member(world, "Private1").id)).to.equal(undefined);
			});

			it("attributes the marks to the session's creator by default, else to config.actor, else to the actor option", () => {
				const { world, bridge } = liveWorld();
				const [officer, sergeant, corporal] = [member(world, "Officer1"), member(world, "Sergeant1"), member(world, "Corporal1")];
				const actors = new Array<number>();
				for (const [config, options] of [
					[{}, {}],
					[{ actor: sergeant.id }, {}],
					[{ actor: sergeant.id }, { actor: corporal.id }],
				] as Array<[{ actor?: number }, { actor?: number }]>) {
					const session = sessionInProgress(world, "Training", "Drill", officer.id);
					const tracker = bridge(config).trackAttendance(options);
					join(member(world, "Recruit1"));
					tracker.refresh().expect();
					tracker.stop();
					leave(member(world, "Recruit1"));
					session.status = "completed";
					actors.push(writesFor(world, session.id, member(world, "Recruit1").id)[0].actorRobloxId);
				}
				expect(actors[0]).to.equal(officer.id);
				expect(actors[1]).to.equal(sergeant.id);
				expect(actors[2]).to.equal(corporal.id);
			});

			it("adds people with the configured session role", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const tracker = stopLater(bridge().trackAttendance({ role: "Trainer" }));
				join(member(world, "Sergeant1"));
				tracker.refresh().expect();
				expect(world.rankgun.participant(session.id, member(world, "Sergeant1").id)?.role).to.equal("Trainer");
			});

			it("marks nobody after stop()", () => {
				const { world, bridge } = liveWorld();
				const session = sessionInProgress(world, "Training");
				const tracker = bridge().trackAttendance();
				tracker.refresh().expect();
				tracker.stop();
				join(member(world, "Recruit1"));
				tracker.settled().expect();
				expect(session.participants.size()).to.equal(0);
			});

			it("names a mistake in the options", () => {
				const { bridge } = liveWorld();
				const rankBridge = bridge();
				const attempt = (options: object) => {
					const [ok, raised] = pcall(() => rankBridge.trackAttendance(options as never).stop());
					return ok ? "" : tostring(raised);
				};
				expect(attempt({ sesionTypes: ["Training"] }).find('unknown field "sesionTypes"', 1, true)[0]).to.be.ok();
				expect(attempt({ pollSeconds: 2 }).find("pollSeconds must be a number of at least 10", 1, true)[0]).to.be.ok();
				expect(attempt({ minRank: 0 }).find("minRank", 1, true)[0]).to.be.ok();
				expect(attempt({ sessionTypes: [""] }).find("sessionTypes[1]", 1, true)[0]).to.be.ok();
			});
		});
	}
};
