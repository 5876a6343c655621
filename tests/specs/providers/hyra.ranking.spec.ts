// Ranking through Hyra Ranking, over HTTP against the emulator, through the public API.
import { HttpService } from "@rbxts/services";
import RankBridge from "../../../src";
import type { ActionReport } from "../../../src/core/action";
import { member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { HYRA_VARIANTS, useVariant } from "../helpers/variants";
import { contains, rejection } from "../helpers/rejection";
import { hyraWorld, ScriptedTransport } from "../helpers/providerBridges";

const ERRORS = RankBridge.ErrorKind;

export = () => {
	for (const variant of HYRA_VARIANTS) {
		describe(`Hyra ranking [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			describe("setRank", () => {
				it("gives the member the rank through POST /rank and reports the old and new rank", () => {
					const { world, bridge } = hyraWorld();
					const corporal = member(world, "Corporal1");
					const result = bridge().setRank(corporal.id, 100, { reason: "Officer exam" }).expect();
					expect(result.userId).to.equal(corporal.id);
					expect(result.oldRank).to.equal(20);
					expect(result.newRank).to.equal(100);
					expect(world.group.rankOf(corporal.id)).to.equal(100);
					expect(world.hyra.usage()).to.equal(1);
					const logs = world.hyra.logs();
					expect(logs.size()).to.equal(1);
					expect(logs[0].user).to.equal(corporal.id);
					expect(logs[0].rankId).to.equal(100);
				});

				it("sends the token in the body with content-type text/json, never in a header", () => {
					const { world, bridge } = hyraWorld();
					const before = Harness.httpLog().size();
					bridge().setRank(member(world, "Recruit1").id, 10).expect();
					const sent = Harness.httpLog().filter((entry, index) => index >= before && entry.Url.find("/rank", 1, true)[0] !== undefined);
					expect(sent.size()).to.equal(1);
					expect(sent[0].Headers["content-type"]).to.equal("text/json");
					for (const [, value] of pairs(sent[0].Headers)) expect(value.find(world.hyra.token, 1, true)[0]).never.to.be.ok();
					expect(sent[0].Body!.find(world.hyra.token, 1, true)[0]).to.be.ok();
				});

				it("sends rankNumber, targetId and groupId as JSON numbers, as the ranking page types them, and the token as a string", () => {
					const { world, bridge } = hyraWorld();
					const before = Harness.httpLog().size();
					const recruit = member(world, "Recruit1");
					bridge().setRank(recruit.id, 10).expect();
					const sent = Harness.httpLog().filter((entry, index) => index >= before && entry.Url.find("/rank", 1, true)[0] !== undefined);
					const body = HttpService.JSONDecode(sent[0].Body!) as Record<string, unknown>;
					expect(body.rankNumber).to.equal(10);
					expect(body.targetId).to.equal(recruit.id);
					expect(body.groupId).to.equal(world.group.id);
					expect(body.token).to.equal(world.hyra.token);
					// The wire text, not just the decoded table: numbers, not strings of digits.
					expect(sent[0].Body!.find('"rankNumber":10', 1, true)[0]).to.be.ok();
				});

				it("resolves at once without spending quota when the member already has the rank", () => {
					const { world, bridge } = hyraWorld();
					const result = bridge().setRank(member(world, "Sergeant1").id, 30).expect();
					expect(result.oldRank).to.equal(30);
					expect(result.newRank).to.equal(30);
					expect(world.hyra.usage()).to.equal(0);
				});

				it("refuses ranks Hyra cannot give (254, 255) and ranks the group lacks, before any request", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge();
					const recruit = member(world, "Recruit1").id;
					expect(rejection(ranker.setRank(recruit, 254)).kind).to.equal(ERRORS.RankOutOfRange);
					expect(rejection(ranker.setRank(recruit, 255)).kind).to.equal(ERRORS.RankOutOfRange);
					const missing = rejection(ranker.setRank(recruit, 15));
					expect(missing.kind).to.equal(ERRORS.RankOutOfRange);
					expect(missing.message.find("no rank 15", 1, true)[0]).to.be.ok();
					expect(world.hyra.usage()).to.equal(0);
					expect(world.group.rankOf(recruit)).to.equal(1);
				});

				it("refuses a user who is not in the group with NotInGroup, before any request", () => {
					const { world, bridge } = hyraWorld();
					const outsider = Harness.emulator.roblox.createUser("Outsider");
					expect(rejection(bridge().setRank(outsider.id, 10)).kind).to.equal(ERRORS.NotInGroup);
					expect(world.hyra.usage()).to.equal(0);
				});
			});

			describe("promote and demote", () => {
				it("moves the member one step along the group's ladder, read from GroupService", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge();
					const privateId = member(world, "Private1").id;
					const up = ranker.promote(privateId).expect();
					expect(up.oldRank).to.equal(10);
					expect(up.newRank).to.equal(20);
					expect(world.group.rankOf(privateId)).to.equal(20);
					const down = ranker.demote(privateId).expect();
					expect(down.oldRank).to.equal(20);
					expect(down.newRank).to.equal(10);
					expect(world.group.rankOf(privateId)).to.equal(10);
					expect(world.hyra.usage()).to.equal(2);
				});

				it("refuses to promote past 253 or demote below the lowest rank, without a request", () => {
					const { world, bridge } = hyraWorld({
						members: [
							{ name: "Commander1", rank: 200 },
							{ name: "Recruit1", rank: 1 },
						],
					});
					const ranker = bridge();
					const top = rejection(ranker.promote(member(world, "Commander1").id));
					expect(top.kind).to.equal(ERRORS.RankOutOfRange);
					expect(top.message.find("highest rank Hyra can give", 1, true)[0]).to.be.ok();
					expect(rejection(ranker.demote(member(world, "Recruit1").id)).kind).to.equal(ERRORS.RankOutOfRange);
					expect(world.hyra.usage()).to.equal(0);
				});

				it("reads the rank fresh each time, so a change made elsewhere is taken into account", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge();
					const recruit = member(world, "Recruit1").id;
					world.group.setOnlyRole(recruit, world.group.roleByRank(30)!, Harness.emulator.now());
					const result = ranker.promote(recruit).expect();
					expect(result.oldRank).to.equal(30);
					expect(result.newRank).to.equal(100);
				});
			});

			describe("the bot account's rank", () => {
				// A ladder whose bot role (second highest) is rank 40, so members can sit at or above it.
				const LOW_BOT = {
					ladder: [
						{ name: "Guest", rank: 0 },
						{ name: "Recruit", rank: 1 },
						{ name: "Private", rank: 10 },
						{ name: "Sergeant", rank: 30 },
						{ name: "Bot", rank: 40 },
						{ name: "Owner", rank: 255 },
					],
					members: [{ name: "Sergeant1", rank: 30 }],
				};

				it("without botUserId, maps Hyra's refusal of a rank at the bot's own to RankOutOfRange", () => {
					const { world, bridge } = hyraWorld(LOW_BOT);
					const failure = rejection(bridge().promote(member(world, "Sergeant1").id));
					expect(failure.kind).to.equal(ERRORS.RankOutOfRange);
					expect(failure.status).to.equal(variant.hyra?.failuresAs200 ? 200 : 403);
					expect(world.group.rankOf(member(world, "Sergeant1").id)).to.equal(30);
				});

				it("without botUserId, maps Hyra's refusal of a member above the bot to Forbidden", () => {
					const { world, bridge } = hyraWorld(LOW_BOT);
					const failure = rejection(bridge().setRank(world.owner.id, 10));
					expect(failure.kind).to.equal(ERRORS.Forbidden);
					expect(failure.status).to.equal(variant.hyra?.failuresAs200 ? 200 : 403);
				});

				it("with botUserId, refuses the same before sending anything", () => {
					const { world, bridge } = hyraWorld(LOW_BOT);
					const ranker = bridge({ botUserId: world.bot.id });
					const before = Harness.httpLog().size();
					const promote = rejection(ranker.promote(member(world, "Sergeant1").id));
					expect(promote.kind).to.equal(ERRORS.RankOutOfRange);
					expect(promote.status).to.equal(undefined);
					expect(rejection(ranker.setRank(member(world, "Sergeant1").id, 40)).kind).to.equal(ERRORS.RankOutOfRange);
					expect(rejection(ranker.setRank(world.owner.id, 10)).kind).to.equal(ERRORS.Forbidden);
					expect(rejection(ranker.setRank(world.bot.id, 10)).kind).to.equal(ERRORS.Forbidden);
					expect(Harness.httpLog().size()).to.equal(before);
					expect(ranker.setRank(member(world, "Sergeant1").id, 10).expect().newRank).to.equal(10);
				});
			});

			describe("failures", () => {
				it("rejects with InvalidKey for a token Hyra does not know, and the message never holds the token", () => {
					const { world, bridge } = hyraWorld();
					const wrong = "0123456789abcdef0123456789abcdef0123456789abcdef";
					const failure = rejection(bridge({ token: wrong }).setRank(member(world, "Recruit1").id, 10));
					expect(failure.kind).to.equal(ERRORS.InvalidKey);
					expect(failure.provider).to.equal("Hyra");
					expect(failure.message.find(wrong, 1, true)[0]).never.to.be.ok();
				});

				it("retries a 500 after reading the rank back, and changes the rank once", () => {
					const { world, bridge } = hyraWorld();
					Harness.emulator.fault({ kind: "serverError", service: "hyra", pathContains: "/rank" });
					const privateId = member(world, "Private1").id;
					const result = bridge().promote(privateId).expect();
					expect(result.newRank).to.equal(20);
					expect(world.group.rankOf(privateId)).to.equal(20);
					expect(world.hyra.usage()).to.equal(1);
				});

				it("settles a promote that timed out after Hyra applied it, without promoting twice", () => {
					const { world, bridge } = hyraWorld();
					Harness.emulator.fault({ kind: "hang", service: "hyra", pathContains: "/rank", apply: true, seconds: 1.5 });
					const ranker = bridge({ timeout: 1 });
					const reports = new Array<ActionReport>();
					ranker.actionCompleted.Connect((report) => reports.push(report));
					const privateId = member(world, "Private1").id;
					const result = ranker.promote(privateId).expect();
					expect(result.oldRank).to.equal(10);
					expect(result.newRank).to.equal(20);
					expect(world.group.rankOf(privateId)).to.equal(20);
					expect(world.hyra.usage()).to.equal(1);
					expect(world.hyra.logs().size()).to.equal(1);
					expect(reports.size()).to.equal(1);
					expect(reports[0].attempts).to.equal(1);
					expect(ranker.status().lastError?.kind).to.equal(ERRORS.Timeout);
				});

				it("counts a promote that timed out after Hyra applied it on its last attempt as done, once", () => {
					const { world, bridge } = hyraWorld();
					Harness.emulator.fault({ kind: "hang", service: "hyra", pathContains: "/rank", apply: true, seconds: 1.5 });
					const privateId = member(world, "Private1").id;
					const result = bridge({ timeout: 1, retry: { maxAttempts: 1 } })
						.promote(privateId)
						.expect();
					expect(`${result.oldRank}>${result.newRank}`).to.equal("10>20");
					expect(world.group.rankOf(privateId)).to.equal(20);
					expect(world.hyra.usage()).to.equal(1);
				});

				it("sends again a promote that timed out before Hyra applied it", () => {
					const { world, bridge } = hyraWorld();
					Harness.emulator.fault({ kind: "hang", service: "hyra", pathContains: "/rank", seconds: 1.5 });
					const privateId = member(world, "Private1").id;
					const result = bridge({ timeout: 1 }).promote(privateId).expect();
					expect(result.newRank).to.equal(20);
					expect(world.group.rankOf(privateId)).to.equal(20);
					expect(world.hyra.usage()).to.equal(1);
				});

				it("does not park on words of a spent quota when the token's usage shows room: it waits and tries again", () => {
					const { world, bridge } = hyraWorld({ hyra: { quotaUsed: 12 } });
					let refused = 0;
					const transport = new ScriptedTransport((request) => {
						if (request.url.find("/rank", 1, true)[0] === undefined || refused > 0) return undefined;
						refused += 1;
						return { status: 429, headers: {}, body: '{"Success":false,"Message":"Daily limit reached"}' };
					});
					const ranker = bridge({ transport });
					expect(ranker.setRank(member(world, "Recruit1").id, 10).expect().newRank).to.equal(10);
					expect(refused).to.equal(1);
					const status = ranker.status();
					expect(status.parked).to.equal(0);
					expect(status.quotaResumesAt).to.equal(undefined);
					expect(status.lastError?.kind).to.equal(ERRORS.RateLimited);
					expect(contains(status.lastError!.message, "used only 12 of 500 calls today")).to.equal(true);
				});

				it("parks rank actions once the daily quota is spent, until 05:00 UTC", () => {
					const { world, bridge } = hyraWorld({ hyra: { quotaUsed: 500 } });
					const ranker = bridge();
					const pending = ranker.setRank(member(world, "Recruit1").id, 10);
					task.wait(0.5);
					expect(pending.getStatus()).to.equal(Promise.Status.Started);
					const status = ranker.status();
					expect(status.parked).to.equal(1);
					expect(status.quotaLeft).to.equal(0);
					const now = DateTime.now().UnixTimestampMillis / 1000;
					const reset = status.quotaResumesAt!;
					expect(reset > now && reset <= now + 86400).to.equal(true);
					const [hours, minutes] = [math.floor((reset % 86400) / 3600), math.floor((reset % 3600) / 60)];
					expect(hours).to.equal(5);
					expect(minutes).to.equal(0);
					expect(status.lastError?.kind).to.equal(ERRORS.QuotaExhausted);
					expect(world.group.rankOf(member(world, "Recruit1").id)).to.equal(1);
					pending.cancel();
				});
			});

			describe("reads and status", () => {
				it("reads a member's rank through GroupService (0 for a non-member)", () => {
					const { world, bridge, groups } = hyraWorld();
					const ranker = bridge();
					const reads = groups.reads;
					expect(ranker.getRank(member(world, "Officer1").id).expect()).to.equal(100);
					expect(ranker.getRank(Harness.emulator.roblox.createUser("Nobody").id).expect()).to.equal(0);
					expect(groups.reads).to.equal(reads + 2);
				});

				it("cannot rank or read ranks with GroupService turned off", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge({ groups: false });
					const failure = rejection(ranker.getRank(member(world, "Officer1").id));
					expect(failure.kind).to.equal(ERRORS.Unsupported);
					expect(failure.message.find("Hyra", 1, true)[0]).to.be.ok();
					expect(rejection(ranker.promote(member(world, "Private1").id)).kind).to.equal(ERRORS.Unsupported);
					expect(world.hyra.usage()).to.equal(0);
				});

				it("fires actionCompleted with the ranks and shows its budget in status", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge();
					const reports = new Array<ActionReport>();
					ranker.actionCompleted.Connect((report) => reports.push(report));
					expect(ranker.status().budgetLeft).to.equal(60);
					ranker.demote(member(world, "Officer1").id, { reason: "Inactive", actor: world.owner.id }).expect();
					expect(reports.size()).to.equal(1);
					expect(reports[0].kind).to.equal("demote");
					expect(reports[0].oldRank).to.equal(100);
					expect(reports[0].newRank).to.equal(30);
					expect(reports[0].reason).to.equal("Inactive");
					expect(ranker.status().budgetLeft).to.equal(59);
				});

				it("runs actions for one member in the order asked", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge();
					const recruit = member(world, "Recruit1").id;
					const first = ranker.promote(recruit);
					const second = ranker.promote(recruit);
					const third = ranker.demote(recruit);
					expect(first.expect().newRank).to.equal(10);
					expect(second.expect().newRank).to.equal(20);
					expect(third.expect().newRank).to.equal(10);
					expect(world.group.rankOf(recruit)).to.equal(10);
				});
			});
		});
	}
};
