// RankGun emulator: PATCH /api/sessions/{id}/status follows the documented transition table.
import type { World } from "../../emulator";
import type { SessionStatus } from "../../emulator/rankgun";
import { Harness } from "../helpers/harness";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";
import { call, expectError, member, newWorld, now, SessionBody } from "./rankgunApi";

const STATUSES: Array<SessionStatus> = ["scheduled", "in_progress", "completed", "cancelled"];
const ALLOWED = ["scheduled>in_progress", "scheduled>cancelled", "in_progress>completed", "in_progress>cancelled"];

function sessionIn(world: World, status: SessionStatus): string {
	return world.rankgun.addSession({ title: "Drill", type: "Training", status, scheduledStartAt: now() - 60 }).id;
}

function contains(text: string, part: string): boolean {
	return text.find(part, 1, true)[0] !== undefined;
}

export = () => {
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun emulator [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			beforeEach(() => Harness.resetHttpBudget());

			function patch(world: World, sessionId: string, body: object) {
				return call(world, "PATCH", `/api/sessions/${sessionId}/status`, { body: { actorRobloxId: member(world, "Olive").id, ...body } });
			}

			describe("RankGun emulator session status transitions", () => {
				it("starts a scheduled session: in_progress, actualStartAt = now, {success, session, participants}", () => {
					const world = newWorld();
					const id = sessionIn(world, "scheduled");
					const response = patch(world, id, { status: "in_progress" });
					expect(response.status).to.equal(200);
					const body = response.json as SessionBody;
					expect(body.success).to.equal(true);
					expect(body.session.status).to.equal("in_progress");
					expect(math.abs(body.session.actualStartAt! - now()) <= 2).to.equal(true);
					expect(contains(response.body, '"actualEndAt":null')).to.equal(true);
					expect(contains(response.body, '"participants":[]')).to.equal(true);
					expect(world.rankgun.session(id)!.status).to.equal("in_progress");
				});

				it("cancels a scheduled session, stamping cancelledAt and keeping the reason", () => {
					const world = newWorld();
					const body = patch(world, sessionIn(world, "scheduled"), { status: "cancelled", cancellationReason: "Host unavailable" })
						.json as SessionBody;
					expect(body.session.status).to.equal("cancelled");
					expect(math.abs(body.session.cancelledAt! - now()) <= 2).to.equal(true);
					expect(body.session.cancellationReason).to.equal("Host unavailable");
				});

				it("completes a running session, stamping actualEndAt and keeping the summary", () => {
					const world = newWorld();
					const body = patch(world, sessionIn(world, "in_progress"), { status: "completed", summary: "12 attended" }).json as SessionBody;
					expect(body.session.status).to.equal("completed");
					expect(math.abs(body.session.actualEndAt! - now()) <= 2).to.equal(true);
					expect(body.session.summary).to.equal("12 attended");
				});

				it("cancels a running session", () => {
					const world = newWorld();
					const response = patch(world, sessionIn(world, "in_progress"), { status: "cancelled" });
					const body = response.json as SessionBody;
					expect(body.session.status).to.equal("cancelled");
					expect(typeIs(body.session.cancelledAt, "number")).to.equal(true);
					expect(contains(response.body, '"cancellationReason":null')).to.equal(true);
				});

				it("moves updatedAt to the time of the change", () => {
					const world = newWorld();
					const id = sessionIn(world, "scheduled");
					Harness.emulator.advance(120);
					const body = patch(world, id, { status: "in_progress" }).json as SessionBody;
					expect(math.abs(body.session.updatedAt - now()) <= 2).to.equal(true);
				});

				it("answers 400 for scheduled -> completed, which must pass through in_progress", () => {
					const world = newWorld();
					const id = sessionIn(world, "scheduled");
					expectError(patch(world, id, { status: "completed" }), 400, "INVALID_TRANSITION");
					expect(world.rankgun.session(id)!.status).to.equal("scheduled");
				});

				it("answers 400 for every transition not in the table, completed and cancelled being terminal", () => {
					const world = newWorld();
					let refused = 0;
					for (const from of STATUSES) {
						for (const to of STATUSES) {
							if (ALLOWED.includes(`${from}>${to}`)) continue;
							const id = sessionIn(world, from);
							expectError(patch(world, id, { status: to }), 400, "INVALID_TRANSITION");
							expect(world.rankgun.session(id)!.status).to.equal(from);
							refused += 1;
						}
					}
					expect(refused).to.equal(12);
				});

				it("answers 400 for a status that is not one of the documented values", () => {
					const world = newWorld();
					expectError(patch(world, sessionIn(world, "scheduled"), { status: "started" }), 400, "INVALID_STATUS");
					expectError(patch(world, sessionIn(world, "scheduled"), {}), 400, "INVALID_STATUS");
				});

				it("answers 400 for an actor who is not a workspace member", () => {
					const world = newWorld();
					const id = sessionIn(world, "scheduled");
					expectError(
						call(world, "PATCH", `/api/sessions/${id}/status`, { body: { actorRobloxId: 5550001, status: "in_progress" } }),
						400,
						"INVALID_ACTOR",
					);
					expect(world.rankgun.session(id)!.status).to.equal("scheduled");
				});

				it("answers 404 for another workspace's session and leaves it alone", () => {
					const world = newWorld();
					const other = newWorld();
					const id = sessionIn(other, "scheduled");
					expectError(patch(world, id, { status: "in_progress" }), 404, "SESSION_NOT_FOUND");
					expect(other.rankgun.session(id)!.status).to.equal("scheduled");
				});

				it("records each change with its actor in the session audit log", () => {
					const world = newWorld();
					const id = sessionIn(world, "scheduled");
					patch(world, id, { status: "in_progress" });
					const entry = world.rankgun.sessionLog[0];
					expect(entry.action).to.equal("status");
					expect(entry.sessionId).to.equal(id);
					expect(entry.actorRobloxId).to.equal(member(world, "Olive").id);
					expect(entry.detail).to.equal("scheduled -> in_progress");
				});
			});
		});
	}
};
