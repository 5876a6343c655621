// RankGun's monthly rank-action quota: a spent quota is a 403 that RankBridge reports as
// QuotaExhausted; rank actions that meet it are parked (not failed, not retried in a loop)
// until usageResetAt, while reads and session writes go on.
import RankBridge from "../../../src";
import type { ActionReport } from "../../../src/core/action";
import { RobloxScheduler } from "../../../src/core/scheduler";
import { RankGunClient } from "../../../src/providers/rankgun/client";
import { RobloxHttpTransport } from "../../../src/roblox/http";
import type { HttpTransport } from "../../../src/roblox/http";
import { liveWorld, member, virtualWorld } from "../helpers/bridges";
import { EmulatorTransport } from "../helpers/emulatorTransport";
import { Harness } from "../helpers/harness";
import { contains, EmulatorClock, emulatorNow, logMark, rejection, sentTo, waitUntil } from "./support";
import { RANKGUN_VARIANTS, useVariant } from "../helpers/variants";

const ErrorKind = RankBridge.ErrorKind;

export = () => {
	for (const variant of RANKGUN_VARIANTS) {
		describe(`RankGun [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			describe("RankGun monthly quota", () => {
				it("reports a spent quota as QuotaExhausted (403) for each rank action", () => {
					const { world } = liveWorld({ rankgun: { ranksThisMonth: 170 } });
					const client = new RankGunClient({
						key: world.rankgun.key,
						baseUrl: Harness.emulatorUrl,
						timeout: 2,
						transport: new RobloxHttpTransport(),
						scheduler: new RobloxScheduler(),
						random: () => 0.5,
						gates: [],
					});
					const user = member(world, "Private1").id;
					for (const failure of [
						rejection(client.promote(user).toPromise()),
						rejection(client.demote(user).toPromise()),
						rejection(client.setRank(user, 30).toPromise()),
					]) {
						expect(failure.status).to.equal(403);
						expect(failure.code).to.equal(variant.rankgun.errorCodes ? "MONTHLY_LIMIT_EXCEEDED" : undefined);
						if (variant.rankgun.omitWorkspaceFields) {
							// Nothing confirms the quota is spent, so it is not reported as spent.
							expect(failure.kind).to.equal(ErrorKind.Forbidden);
						} else {
							expect(failure.kind).to.equal(ErrorKind.QuotaExhausted);
							expect(contains(failure.message, "has used 170 of 170 rank actions this month")).to.equal(true);
						}
					}
					expect(world.group.rankOf(user)).to.equal(10);
				});

				if (variant.rankgun.omitWorkspaceFields) {
					it("parks nothing when /api/workspace cannot confirm the quota is spent: rank actions fail, saying why", () => {
						const { world, bridge } = liveWorld({ rankgun: { ranksThisMonth: 170 } });
						const rankgun = bridge({ actor: world.owner.id });
						const failure = rejection(rankgun.promote(member(world, "Private1").id));
						expect(failure.kind).to.equal(ErrorKind.Forbidden);
						expect(contains(failure.message, "cannot confirm a spent quota and does not park")).to.equal(true);
						expect(rankgun.status().parked).to.equal(0);
						expect(rankgun.sessions.types().expect().size()).to.equal(3);
					});
				}

				if (!variant.rankgun.omitWorkspaceFields)
					it("parks rank actions until usageResetAt, then runs them, while reads and session writes go on", () => {
						// Far enough ahead that the refusal and the workspace read come back before it on a
						// loaded machine (a reset less than a second away is parked for a second, not to it).
						const resetAt = emulatorNow() + 4;
						const { world, bridge } = liveWorld({ rankgun: { ranksThisMonth: 170, usageResetAt: resetAt } });
						const rankgun = bridge({ scheduler: new EmulatorClock(), actor: world.owner.id });
						const failed = new Array<ActionReport>();
						rankgun.actionFailed.Connect((report) => failed.push(report));
						const first = member(world, "Private1");
						const second = member(world, "Corporal1");

						const promoted = rankgun.promote(first.id, { reason: "Passed training" });
						waitUntil(() => rankgun.status().parked === 1);
						const parked = rankgun.status();
						expect(parked.quotaResumesAt).to.equal(resetAt);
						expect(parked.quotaLeft).to.equal(0);
						expect(parked.lastError?.kind).to.equal(ErrorKind.QuotaExhausted);

						// Once parked, more rank actions wait without asking RankGun again.
						const mark = logMark();
						const demoted = rankgun.demote(second.id);
						waitUntil(() => rankgun.status().parked === 2);
						expect(sentTo(mark, "/api/roblox/").size()).to.equal(0);

						// Reads and session writes do not spend the quota, so they are not held.
						expect(rankgun.workspace().expect().usage.ranksThisMonth).to.equal(170);
						const training = rankgun.sessions.types().expect()[0];
						const start = emulatorNow() + 3600;
						expect(
							rankgun.sessions
								.create({ sessionTypeId: training.id, title: "While parked", scheduledStartAt: start, scheduledEndAt: start + 3600 })
								.expect().session.status,
						).to.equal("scheduled");
						expect(world.group.rankOf(first.id)).to.equal(10);

						expect(promoted.expect().newRank).to.equal(20);
						expect(demoted.expect().newRank).to.equal(10);
						expect(emulatorNow() >= resetAt).to.equal(true);
						expect(world.group.rankOf(first.id)).to.equal(20);
						expect(world.group.rankOf(second.id)).to.equal(10);
						expect(world.rankgun.rankActions().size()).to.equal(2);
						expect(rankgun.status().parked).to.equal(0);
						expect(rankgun.status().quotaResumesAt).to.equal(undefined);
						expect(failed.size()).to.equal(0);
					});

				if (!variant.rankgun.omitWorkspaceFields)
					it("parks nothing, and sends again at once, when the quota has reset by the time it would be parked", () => {
						const { world, emulator, scheduler, server } = virtualWorld({ rankgun: { ranksThisMonth: 170, usageResetAt: 2000000000 } });
						const inner = new EmulatorTransport(emulator, scheduler);
						// The month rolls over just after /api/workspace confirmed the refused promote's quota was spent.
						let refused = false;
						let rolledOver = false;
						const transport: HttpTransport = {
							request(request) {
								return inner.request(request).andThen((response) => {
									if (request.url.find("/api/roblox/promote", 1, true)[0] !== undefined && response.status === 403) refused = true;
									else if (refused && !rolledOver && request.url.find("/api/workspace", 1, true)[0] !== undefined) {
										rolledOver = true;
										world.rankgun.setRanksThisMonth(0);
									}
									return response;
								});
							},
						};
						const { bridge } = server({ transport });
						const user = member(world, "Private1");
						const promoted = bridge.promote(user.id);
						scheduler.runUntil(() => promoted.getStatus() !== Promise.Status.Started, 60);
						expect(promoted.expect().newRank).to.equal(20);
						expect(rolledOver).to.equal(true);
						expect(scheduler.now() < 5).to.equal(true);
						expect(bridge.status().parked).to.equal(0);
						expect(bridge.status().quotaResumesAt).to.equal(undefined);
						expect(world.group.rankOf(user.id)).to.equal(20);
					});

				it("says nothing about the quota before the service has", () => {
					const { bridge } = liveWorld();
					const status = bridge().status();
					expect(status.parked).to.equal(0);
					expect(status.quotaLeft).to.equal(undefined);
					expect(status.quotaResumesAt).to.equal(undefined);
					expect(status.lastError).to.equal(undefined);
				});
			});
		});
	}
};
