// RankGun emulator: adding session participants and updating their role or attendance.
import type { World } from "../../emulator";
import { Harness } from "../helpers/harness";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";
import { call, expectError, member, newWorld, now, ParticipantResponseBody, seedSession, SessionBody } from "./rankgunApi";

function contains(text: string, part: string): boolean {
	return text.find(part, 1, true)[0] !== undefined;
}

export = () => {
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun emulator [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			beforeEach(() => Harness.resetHttpBudget());

			function add(world: World, sessionId: string, body: object) {
				return call(world, "POST", `/api/sessions/${sessionId}/participants`, { body: { actorRobloxId: world.owner.id, ...body } });
			}

			function update(world: World, sessionId: string, robloxId: number | string, body: object) {
				return call(world, "PATCH", `/api/sessions/${sessionId}/participants/${robloxId}`, {
					body: { actorRobloxId: world.owner.id, ...body },
				});
			}

			describe("RankGun emulator POST /api/sessions/{id}/participants", () => {
				it("adds a workspace member and answers 201 {success, participant} with respondedAt null", () => {
					const world = newWorld();
					const id = seedSession(world, 600);
					const rookie = member(world, "Rookie");
					const response = add(world, id, { robloxId: rookie.id, role: "Trainer" });
					expect(response.status).to.equal(201);
					const body = response.json as ParticipantResponseBody;
					expect(body.success).to.equal(true);
					expect(body.participant.robloxId).to.equal(rookie.id);
					expect(body.participant.robloxUsername).to.equal("Rookie");
					expect(body.participant.displayName).to.equal("Rookie");
					expect(body.participant.role).to.equal("Trainer");
					expect(typeIs(body.participant.attendanceStatus, "string")).to.equal(true);
					expect(math.abs(body.participant.invitedAt - now()) <= 2).to.equal(true);
					expect(contains(response.body, '"respondedAt":null')).to.equal(true);
					const session = call(world, "GET", `/api/sessions/${id}`).json as SessionBody;
					expect(session.participants.size()).to.equal(1);
					expect(session.participants[0].robloxId).to.equal(rookie.id);
				});

				it("gives the default session role when role is omitted", () => {
					const world = newWorld();
					const body = add(world, seedSession(world, 600), { robloxId: member(world, "Pat").id }).json as ParticipantResponseBody;
					expect(body.participant.role).to.equal("Attendee");
				});

				it("keeps an attendanceStatus given on add, still with respondedAt null", () => {
					const world = newWorld();
					const response = add(world, seedSession(world, 600), { robloxId: member(world, "Pat").id, attendanceStatus: "confirmed" });
					expect((response.json as ParticipantResponseBody).participant.attendanceStatus).to.equal("confirmed");
					expect(contains(response.body, '"respondedAt":null')).to.equal(true);
				});

				it("answers 400 for a role that does not exactly match a configured one, listing the valid names", () => {
					const world = newWorld();
					const body = expectError(
						add(world, seedSession(world, 600), { robloxId: member(world, "Pat").id, role: "trainer" }),
						400,
						"INVALID_ROLE",
					);
					expect(contains(body.error, "Host, Trainer, Attendee")).to.equal(true);
				});

				it("answers 400 when role is omitted and no role is the default", () => {
					const world = newWorld({ sessionRoles: [{ name: "Host" }, { name: "Guest Speaker" }] });
					expectError(add(world, seedSession(world, 600), { robloxId: member(world, "Pat").id }), 400, "NO_DEFAULT_ROLE");
				});

				it("answers 400 when the target is not a workspace member", () => {
					const world = newWorld();
					const id = seedSession(world, 600);
					expectError(add(world, id, { robloxId: 8080808 }), 400, "NOT_WORKSPACE_MEMBER");
					world.rankgun.removeStaff(member(world, "Pat").id);
					expectError(add(world, id, { robloxId: member(world, "Pat").id }), 400, "NOT_WORKSPACE_MEMBER");
					expect(world.rankgun.session(id)!.participants.size()).to.equal(0);
				});

				it("accepts staff who are not in the group", () => {
					const world = newWorld({ staff: [6060606] });
					expect(add(world, seedSession(world, 600), { robloxId: 6060606 }).status).to.equal(201);
				});

				it("answers 409 when the user is already on the session", () => {
					const world = newWorld();
					const id = seedSession(world, 600);
					const pat = member(world, "Pat");
					expect(add(world, id, { robloxId: pat.id }).status).to.equal(201);
					expectError(add(world, id, { robloxId: pat.id, role: "Host" }), 409, "ALREADY_PARTICIPANT");
					expect(world.rankgun.session(id)!.participants.size()).to.equal(1);
					expect(world.rankgun.participant(id, pat.id)!.role).to.equal("Attendee");
				});

				it("answers 400 for an actor who is not a workspace member", () => {
					const world = newWorld();
					const id = seedSession(world, 600);
					const response = call(world, "POST", `/api/sessions/${id}/participants`, {
						body: { actorRobloxId: 4040404, robloxId: member(world, "Pat").id },
					});
					expectError(response, 400, "INVALID_ACTOR");
				});

				it("answers 404 for a missing session or another workspace's", () => {
					const world = newWorld();
					const other = newWorld();
					expectError(add(world, "k0000000000000000000000000000000", { robloxId: member(world, "Pat").id }), 404, "SESSION_NOT_FOUND");
					const foreign = seedSession(other, 600);
					expectError(add(world, foreign, { robloxId: member(world, "Pat").id }), 404, "SESSION_NOT_FOUND");
					expect(other.rankgun.session(foreign)!.participants.size()).to.equal(0);
				});

				it("answers 400 for an attendanceStatus outside the emulator's set", () => {
					const world = newWorld();
					expectError(
						add(world, seedSession(world, 600), { robloxId: member(world, "Pat").id, attendanceStatus: "maybe" }),
						400,
						"INVALID_ATTENDANCE_STATUS",
					);
				});
			});

			describe("RankGun emulator PATCH /api/sessions/{id}/participants/{robloxId}", () => {
				it("marks attendance and stamps respondedAt", () => {
					const world = newWorld();
					const pat = member(world, "Pat");
					const id = seedSession(world, -600);
					world.rankgun.addParticipant(id, { robloxId: pat.id });
					Harness.emulator.advance(30);
					const response = update(world, id, pat.id, { attendanceStatus: "attended" });
					expect(response.status).to.equal(200);
					const body = response.json as ParticipantResponseBody;
					expect(body.success).to.equal(true);
					expect(body.participant.attendanceStatus).to.equal("attended");
					expect(math.abs(body.participant.respondedAt! - now()) <= 2).to.equal(true);
					expect(world.rankgun.participant(id, pat.id)!.attendanceStatus).to.equal("attended");
				});

				it("changes the role without stamping respondedAt", () => {
					const world = newWorld();
					const pat = member(world, "Pat");
					const id = seedSession(world, 600);
					world.rankgun.addParticipant(id, { robloxId: pat.id });
					const response = update(world, id, pat.id, { role: "Host" });
					expect(response.status).to.equal(200);
					expect((response.json as ParticipantResponseBody).participant.role).to.equal("Host");
					expect(contains(response.body, '"respondedAt":null')).to.equal(true);
				});

				it("answers 400 when neither role nor attendanceStatus is given", () => {
					const world = newWorld();
					const pat = member(world, "Pat");
					const id = seedSession(world, 600);
					world.rankgun.addParticipant(id, { robloxId: pat.id });
					expectError(update(world, id, pat.id, {}), 400, "INVALID_BODY");
				});

				it("answers 400 for an unknown role or attendanceStatus", () => {
					const world = newWorld();
					const pat = member(world, "Pat");
					const id = seedSession(world, 600);
					world.rankgun.addParticipant(id, { robloxId: pat.id });
					expectError(update(world, id, pat.id, { role: "Boss" }), 400, "INVALID_ROLE");
					expectError(update(world, id, pat.id, { attendanceStatus: "here" }), 400, "INVALID_ATTENDANCE_STATUS");
					expect(world.rankgun.participant(id, pat.id)!.role).to.equal("Attendee");
				});

				it("answers 400 for an actor who is not a workspace member", () => {
					const world = newWorld();
					const pat = member(world, "Pat");
					const id = seedSession(world, 600);
					world.rankgun.addParticipant(id, { robloxId: pat.id });
					const response = call(world, "PATCH", `/api/sessions/${id}/participants/${pat.id}`, {
						body: { actorRobloxId: 3030303, role: "Host" },
					});
					expectError(response, 400, "INVALID_ACTOR");
				});

				it("answers 404 for a user who is not a participant, with a message unlike session-not-found", () => {
					const world = newWorld();
					const id = seedSession(world, 600);
					const notParticipant = expectError(update(world, id, member(world, "Pat").id, { role: "Host" }), 404, "PARTICIPANT_NOT_FOUND");
					const noSession = expectError(
						update(world, "k0000000000000000000000000000000", member(world, "Pat").id, { role: "Host" }),
						404,
						"SESSION_NOT_FOUND",
					);
					expect(notParticipant.error).never.to.equal(noSession.error);
				});

				it("records the actor of each participant change in the session audit log", () => {
					const world = newWorld();
					const pat = member(world, "Pat");
					const id = seedSession(world, 600);
					add(world, id, { robloxId: pat.id });
					update(world, id, pat.id, { attendanceStatus: "confirmed" });
					const log = world.rankgun.sessionLog;
					expect(log.size()).to.equal(2);
					expect(log[0].action).to.equal("addParticipant");
					expect(log[1].action).to.equal("updateParticipant");
					expect(log[1].actorRobloxId).to.equal(world.owner.id);
				});
			});
		});
	}
};
