// Hyra's own operations through `bridge.hyra` and `RankBridge.createHyraToken`: token info,
// spin, delete, message, logs with paging, token creation, and the token kept out of every
// error message and warning.
import { HttpService } from "@rbxts/services";
import RankBridge from "../../../src";
import { transportError, type HttpRequest } from "../../../src/roblox/http";
import { liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { HYRA_VARIANTS, useVariant } from "../helpers/variants";
import { contains, rejection } from "../helpers/rejection";
import { hyraWorld, ScriptedTransport } from "../helpers/providerBridges";

const ERRORS = RankBridge.ErrorKind;

export = () => {
	for (const variant of HYRA_VARIANTS) {
		describe(`Hyra tools [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			describe("tokenInfo", () => {
				it("reports the token's group, creation time, paid flag and today's usage", () => {
					const { world, bridge } = hyraWorld({ hyra: { paid: true, quotaUsed: 12 } });
					const info = bridge().hyra.tokenInfo().expect();
					expect(info.groupId).to.equal(world.group.id);
					expect(info.paid).to.equal(true);
					expect(info.usage).to.equal(12);
					expect(math.abs(info.created! - world.hyra.created) < 0.01).to.equal(true);
				});

				it("rejects with InvalidKey for an unknown token", () => {
					const { bridge } = hyraWorld();
					expect(rejection(bridge({ token: "deadbeef".rep(6) }).hyra.tokenInfo()).kind).to.equal(ERRORS.InvalidKey);
				});
			});

			describe("message", () => {
				it("sends the member a message from the bot and spends one daily call", () => {
					const { world, bridge } = hyraWorld();
					const target = member(world, "Private1").id;
					bridge().hyra.message(target, "Promotion", "You passed training.").expect();
					const sent = world.hyra.messages();
					expect(sent.size()).to.equal(1);
					expect(sent[0].targetId).to.equal(target);
					expect(sent[0].subject).to.equal("Promotion");
					expect(sent[0].message).to.equal("You passed training.");
					expect(world.hyra.usage()).to.equal(1);
				});

				it("is Forbidden for a Campfire Managed account", () => {
					const { world, bridge } = hyraWorld({ hyra: { accountType: "Campfire Managed" } });
					expect(rejection(bridge().hyra.message(member(world, "Private1").id, "Hi", "Hello")).kind).to.equal(ERRORS.Forbidden);
					expect(world.hyra.messages().size()).to.equal(0);
				});

				it("rejects with QuotaExhausted once the 500 daily calls are spent", () => {
					const { world, bridge } = hyraWorld({ hyra: { quotaUsed: 500 } });
					expect(rejection(bridge().hyra.message(member(world, "Private1").id, "Hi", "Hello")).kind).to.equal(ERRORS.QuotaExhausted);
				});

				it("checks its arguments before sending", () => {
					const { world, bridge } = hyraWorld();
					const hyra = bridge().hyra;
					const before = Harness.httpLog().size();
					expect(rejection(hyra.message(member(world, "Private1").id, "", "Hello")).kind).to.equal(ERRORS.InvalidRequest);
					expect(rejection(hyra.message(0, "Hi", "Hello")).kind).to.equal(ERRORS.InvalidRequest);
					expect(Harness.httpLog().size()).to.equal(before);
				});
			});

			describe("logs", () => {
				function seedLogs(world: ReturnType<typeof hyraWorld>["world"], count: number) {
					for (let i = 1; i <= count; i++) {
						world.hyra.addLog({
							id: `log${i}`,
							date: 1_767_225_600 + i,
							groupId: world.group.id,
							rankId: 10,
							user: 5000 + i,
							ray: `ray${i}`,
							type: "Hyra Browser",
							country: "US",
							ip: "127.0.0.1",
						});
					}
				}

				it("lists the rank changes made through the token, newest first, with their fields", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge();
					const recruit = member(world, "Recruit1").id;
					ranker.setRank(recruit, 10).expect();
					ranker.setRank(recruit, 20).expect();
					const page = ranker.hyra.logs().expect();
					expect(page.entries.size()).to.equal(2);
					expect(page.nextIndex).to.equal(undefined);
					expect(page.entries[0].userId).to.equal(recruit);
					expect(page.entries[0].rankId).to.equal(20);
					expect(page.entries[1].rankId).to.equal(10);
					expect(page.entries[0].groupId).to.equal(world.group.id);
					expect(typeIs(page.entries[0].date, "number")).to.equal(true);
					expect(math.abs(page.entries[0].date! - Harness.emulator.now()) < 60).to.equal(true);
				});

				it("pages 20 at a time with index, and allLogs reads every page", () => {
					const { world, bridge } = hyraWorld();
					seedLogs(world, 45);
					const hyra = bridge().hyra;
					const first = hyra.logs().expect();
					expect(first.entries.size()).to.equal(20);
					expect(first.entries[0].id).to.equal("log45");
					expect(first.nextIndex).to.equal("log26");
					const second = hyra.logs(first.nextIndex).expect();
					expect(second.entries[0].id).to.equal("log25");
					const all = hyra.allLogs().expect();
					expect(all.size()).to.equal(45);
					expect(all[44].id).to.equal("log1");
					expect(all[44].userId).to.equal(5001);
					expect(all[44].date).to.equal(1_767_225_601);
					expect(hyra.allLogs(2).expect().size()).to.equal(40);
				});

				it("rejects an index Hyra does not know with NotFound", () => {
					const { bridge } = hyraWorld();
					expect(rejection(bridge().hyra.logs("no-such-entry")).kind).to.equal(ERRORS.NotFound);
				});
			});

			describe("spin and deleteToken", () => {
				it("spin gives a new token that this bridge goes on ranking with; the old one is dead", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge();
					const old = world.hyra.token;
					const fresh = ranker.hyra.spin().expect();
					expect(fresh).never.to.equal(old);
					expect(world.hyra.token).to.equal(fresh);
					expect(Harness.emulator.hyra.findToken(old)).to.equal(undefined);
					expect(ranker.setRank(member(world, "Recruit1").id, 10).expect().newRank).to.equal(10);
					expect(ranker.hyra.tokenInfo().expect().usage).to.equal(1);
				});

				it("deleteToken invalidates the token: later calls fail with InvalidKey", () => {
					const { world, bridge } = hyraWorld();
					const ranker = bridge();
					ranker.hyra.deleteToken().expect();
					expect(world.hyra.active).to.equal(false);
					expect(rejection(ranker.setRank(member(world, "Recruit1").id, 10)).kind).to.equal(ERRORS.InvalidKey);
					expect(rejection(ranker.hyra.tokenInfo()).kind).to.equal(ERRORS.InvalidKey);
				});
			});

			describe("RankBridge.createHyraToken", () => {
				it("makes a working token from the bot's cookie and group", () => {
					const { world, bridge } = hyraWorld();
					const made = RankBridge.createHyraToken({
						cookie: world.hyra.account.cookie,
						groupId: world.group.id,
						baseUrl: Harness.emulatorUrl,
					}).expect();
					expect(made.username).to.equal(world.bot.name);
					expect(made.userId).to.equal(world.bot.id);
					expect(made.token).never.to.equal(world.hyra.token);
					expect(bridge({ token: made.token }).setRank(member(world, "Recruit1").id, 10).expect().newRank).to.equal(10);
				});

				it("rejects an unknown cookie with InvalidKey, never repeating the cookie", () => {
					const { world } = hyraWorld();
					const cookie = "_|WARNING:-DO-NOT-SHARE-THIS.--|_not-a-session-0123456789";
					const failure = rejection(RankBridge.createHyraToken({ cookie, groupId: world.group.id, baseUrl: Harness.emulatorUrl }));
					expect(failure.kind).to.equal(ERRORS.InvalidKey);
					expect(contains(failure.message, cookie)).to.equal(false);
				});

				it("rejects a group the bot account is not in with NotInGroup", () => {
					const { world } = hyraWorld();
					const outsider = Harness.emulator.roblox.createUser("OutsiderBot");
					const account = Harness.emulator.hyra.registerCookie(outsider);
					const failure = rejection(
						RankBridge.createHyraToken({ cookie: account.cookie, groupId: world.group.id, baseUrl: Harness.emulatorUrl }),
					);
					expect(failure.kind).to.equal(ERRORS.NotInGroup);
				});

				it("checks its arguments before sending", () => {
					expect(rejection(RankBridge.createHyraToken({ cookie: "", groupId: 1 })).kind).to.equal(ERRORS.InvalidRequest);
					expect(rejection(RankBridge.createHyraToken({ cookie: "x", groupId: 0 })).kind).to.equal(ERRORS.InvalidRequest);
				});
			});

			describe("the token stays out of messages and warnings", () => {
				it("scrubs it from every failure, even when the service or the transport repeats it", () => {
					const { world, bridge } = hyraWorld();
					const token = world.hyra.token;
					const warningsBefore = Harness.warnings().size();
					// A service that repeats what it was sent, and a transport whose error names the URL.
					const echo = new ScriptedTransport((request: HttpRequest) => {
						if (contains(request.url, "/logs/")) throw transportError(`HttpError: ConnectFail for ${request.url}`);
						const said = request.body ?? request.url;
						return { status: 500, headers: {}, body: `{"success":false,"message":"cannot process ${said.gsub('"', "'")[0]}"}` };
					});
					const ranker = bridge({ transport: echo, retry: { maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.01 } });
					const failures = [
						rejection(ranker.hyra.tokenInfo()),
						rejection(ranker.hyra.message(member(world, "Private1").id, "Hi", "Hello")),
						rejection(ranker.hyra.spin()),
						rejection(ranker.hyra.deleteToken()),
						rejection(ranker.hyra.logs()),
					];
					expect(echo.seen.size() >= failures.size()).to.equal(true);
					expect(contains(echo.seen[0].url, token)).to.equal(true);
					for (const failure of failures) {
						expect(contains(failure.message, token)).to.equal(false);
						expect(contains(tostring(failure), token)).to.equal(false);
					}
					expect(contains(failures[0].message, "<redacted>")).to.equal(true);
					const warnings = Harness.warnings();
					const count = warnings.size();
					for (let i = warningsBefore; i < count; i++) expect(contains(warnings[i], token)).to.equal(false);
				});

				it("scrubs it in every encoding a service may echo it in: as sent, URL-encoded, JSON-escaped", () => {
					const token = 'Ab+cd=ef gh&"ij';
					const { world, bridge } = hyraWorld({ hyra: { token } });
					const echo = new ScriptedTransport((request: HttpRequest) => {
						// The path as sent (URL-encoded) and the body as sent (the token JSON-escaped in it).
						const said = `${request.url} ${request.body ?? ""}`;
						return { status: 400, headers: {}, body: HttpService.JSONEncode({ success: false, message: `cannot process ${said}` }) };
					});
					const ranker = bridge({ transport: echo });
					const failures = [
						rejection(ranker.hyra.tokenInfo()),
						rejection(ranker.hyra.spin()),
						rejection(ranker.setRank(member(world, "Recruit1").id, 10)),
					];
					const forms = [token, HttpService.UrlEncode(token), HttpService.JSONEncode(token).sub(2, -2)];
					expect(contains(echo.seen[0].url, HttpService.UrlEncode(token))).to.equal(true);
					for (const failure of failures) {
						for (const form of forms) expect(contains(tostring(failure), form)).to.equal(false);
						expect(contains(failure.message, "<redacted>")).to.equal(true);
					}
				});

				it("refuses a token that cannot be a URL path segment before any call that puts it in the path, without showing it", () => {
					const token = "abc/def?ghi";
					const { world, bridge } = hyraWorld({ hyra: { token } });
					const ranker = bridge();
					const mark = Harness.httpLog().size();
					for (const failure of [rejection(ranker.hyra.tokenInfo()), rejection(ranker.hyra.logs()), rejection(ranker.hyra.deleteToken())]) {
						expect(failure.kind).to.equal(ERRORS.InvalidRequest);
						expect(contains(failure.message, "token cannot contain /, ?, #, %")).to.equal(true);
						expect(contains(failure.message, "abc")).to.equal(false);
					}
					expect(Harness.httpLog().size()).to.equal(mark);
					// In a body it is fine.
					expect(ranker.setRank(member(world, "Recruit1").id, 10).expect().newRank).to.equal(10);
				});

				it("scrubs it from a failed rank action and from status().lastError", () => {
					const { world, bridge } = hyraWorld();
					const token = world.hyra.token;
					const echo = new ScriptedTransport((_request) => ({
						status: 403,
						headers: {},
						body: `{"Success":false,"Message":"token ${token} may not rank in this group"}`,
					}));
					const ranker = bridge({ transport: echo });
					const failure = rejection(ranker.setRank(member(world, "Recruit1").id, 10));
					expect(failure.kind).to.equal(ERRORS.Forbidden);
					expect(contains(failure.message, token)).to.equal(false);
					expect(contains(ranker.status().lastError!.message, token)).to.equal(false);
				});
			});

			describe("on other providers", () => {
				it("bridge.hyra calls reject with Unsupported, naming the provider", () => {
					const { bridge } = liveWorld();
					const rankGun = bridge();
					for (const call of [rankGun.hyra.tokenInfo(), rankGun.hyra.message(1, "a", "b"), rankGun.hyra.logs(), rankGun.hyra.spin()]) {
						const failure = rejection(call);
						expect(failure.kind).to.equal(ERRORS.Unsupported);
						expect(contains(failure.message, "RankGun")).to.equal(true);
					}
				});
			});
		});
	}
};
