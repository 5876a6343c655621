// RankBridge.new for RankGun: where the key comes from, where it travels, and what a config
// mistake says.
import { HttpService } from "@rbxts/services";
import RankBridge from "../../../src";
import { liveWorld } from "../helpers/bridges";
import { ScriptedTransport } from "../helpers/providerBridges";
import { Harness } from "../helpers/harness";
import { bareBridge, contains, logMark, rejection, sentSince, sentTo, thrown } from "./support";

const ErrorKind = RankBridge.ErrorKind;

export = () => {
	afterEach(() => {
		Harness.setSecret("RankGunKey", undefined);
		Harness.emulator.faults.clear();
	});

	describe("RankGun key from the secrets store", () => {
		it("takes `secret` as the name of a secret and sends it in x-api-key as a Secret", () => {
			const { world, bridge } = liveWorld();
			Harness.setSecret("RankGunKey", world.rankgun.key);
			const mark = logMark();
			const info = bridge({ apiKey: undefined, secret: "RankGunKey" }).workspace().expect();
			expect(info.workspace.id).to.equal(world.rankgun.id);
			const requests = sentSince(mark);
			expect(requests.size()).to.equal(1);
			expect(requests[0].Headers["x-api-key"]).to.equal("Secret(RankGunKey)");
		});

		it("takes a Secret from HttpService:GetSecret", () => {
			const { world, bridge } = liveWorld();
			Harness.setSecret("RankGunKey", world.rankgun.key);
			const mark = logMark();
			const info = bridge({ apiKey: undefined, secret: HttpService.GetSecret("RankGunKey") })
				.workspace()
				.expect();
			expect(info.workspace.groupId).to.equal(world.group.id);
			expect(sentSince(mark)[0].Headers["x-api-key"]).to.equal("Secret(RankGunKey)");
		});

		it("never puts the key's value in a URL, a body or another header", () => {
			const { world, bridge } = liveWorld();
			Harness.setSecret("RankGunKey", world.rankgun.key);
			const rankgun = bridge({ apiKey: undefined, secret: "RankGunKey", actor: world.owner.id });
			const mark = logMark();
			rankgun.workspace().expect();
			const types = rankgun.sessions.types().expect();
			const session = rankgun.sessions
				.create({ sessionTypeId: types[0].id, title: "Key check", scheduledStartAt: 1900000000, scheduledEndAt: 1900003600 })
				.expect();
			rankgun.sessions.start(session.session.id).expect();
			rankgun.promote(world.members[0].id, { reason: "Key check" }).expect();
			const requests = sentSince(mark);
			expect(requests.size() >= 5).to.equal(true);
			for (const request of requests) {
				expect(contains(request.Url, world.rankgun.key)).to.equal(false);
				expect(contains(request.Body ?? "", world.rankgun.key)).to.equal(false);
				for (const [name, value] of pairs(request.Headers)) {
					expect(contains(value, world.rankgun.key)).to.equal(false);
					if (name === "x-api-key") expect(value).to.equal("Secret(RankGunKey)");
				}
			}
		});

		it("reports a missing secret as SecretMissing, saying where to add it", () => {
			const { bridge } = liveWorld();
			const failure = thrown(() => bridge({ apiKey: undefined, secret: "NoSuchSecret" }));
			expect(failure.kind).to.equal(ErrorKind.SecretMissing);
			expect(contains(failure.message, '"NoSuchSecret"')).to.equal(true);
			expect(contains(failure.message, "Creator Dashboard")).to.equal(true);
			expect(contains(failure.message, "Local Secrets")).to.equal(true);
		});

		it("never echoes a key pasted into `secret` by mistake, and says to pass the secret's name", () => {
			const { world, bridge } = liveWorld();
			for (const pasted of [world.rankgun.key, "rg_5f2a9c81d04e7b3a", "sk.live/abc+def=="]) {
				const failure = thrown(() => bridge({ apiKey: undefined, secret: pasted }));
				expect(failure.kind).to.equal(ErrorKind.SecretMissing);
				expect(contains(tostring(failure), pasted)).to.equal(false);
				expect(contains(failure.message, "must be the NAME of a secret")).to.equal(true);
				expect(contains(failure.message, "RankGunKey")).to.equal(true);
			}
			for (const warning of Harness.warnings()) expect(contains(warning, world.rankgun.key)).to.equal(false);
		});

		it("keeps a key RankGun echoes back in an error out of the message, in any encoding", () => {
			const { world, bridge } = liveWorld();
			const key = world.rankgun.key;
			const echo = `{"success":false,"error":"Unknown key ${key} (${HttpService.UrlEncode(`${key} x`)})"}`;
			const rankgun = bridge({ transport: new ScriptedTransport(() => ({ status: 400, headers: {}, body: echo })) });
			const failure = rejection(rankgun.sessions.types());
			expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
			expect(contains(failure.message, key)).to.equal(false);
			expect(contains(failure.message, "<redacted>")).to.equal(true);
		});

		it("sends a plain apiKey in x-api-key as is", () => {
			const { world, bridge } = liveWorld();
			const mark = logMark();
			expect(bridge().workspace().expect().workspace.id).to.equal(world.rankgun.id);
			expect(sentSince(mark)[0].Headers["x-api-key"]).to.equal(world.rankgun.key);
		});

		it("asks for a secret when there is neither secret nor apiKey", () => {
			const failure = thrown(() => bareBridge({ baseUrl: Harness.emulatorUrl }));
			expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
			expect(contains(failure.message, "secret")).to.equal(true);
		});
	});

	describe("RankGun config checks", () => {
		const cases: Array<[string, Record<string, unknown>, string]> = [
			["an unknown field", { apikey: "typo" }, '"apikey"'],
			["a provider it does not know", { provider: "rankgunn" }, "provider"],
			["a baseUrl that is not http(s)", { baseUrl: "api.rankgun.works" }, "baseUrl"],
			["a timeout of zero", { timeout: 0 }, "timeout"],
			["a timeout in fractions of a second, which RequestAsync refuses", { timeout: 2.5 }, "timeout"],
			["a timeout above RequestAsync's default of 30 seconds", { timeout: 31 }, "timeout"],
			["a timeout that is not a number", { timeout: "15" }, "timeout"],
			["an actor that is not a user id", { actor: 1.5 }, "actor"],
			["a secret that is neither a name nor a Secret", { secret: 42 }, "secret"],
			["an empty apiKey", { apiKey: "" }, "apiKey"],
			["a rank cache longer than 30 seconds (a read must answer within a step's minute)", { rankCacheSeconds: 45 }, "rankCacheSeconds"],
			["a negative rank cache", { rankCacheSeconds: -1 }, "rankCacheSeconds"],
			["a rank cache that is not a number", { rankCacheSeconds: "30" }, "rankCacheSeconds"],
		];
		for (const [what, fields, named] of cases) {
			it(`refuses ${what}, naming the field`, () => {
				const { bridge } = liveWorld();
				const mark = logMark();
				const failure = thrown(() => bridge(fields as never));
				expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
				expect(contains(failure.message, named)).to.equal(true);
				expect(logMark()).to.equal(mark);
			});
		}

		it("refuses a config that is not a table", () => {
			const failure = thrown(() => new RankBridge("RankGunKey" as never));
			expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
		});
	});

	describe("RankGun baseUrl and timeout", () => {
		it("talks to https://api.rankgun.works unless told otherwise", () => {
			const { world } = liveWorld();
			const mark = logMark();
			// The harness reaches only loopback, so the request is logged and then refused.
			rejection(bareBridge({ apiKey: world.rankgun.key, retry: { maxAttempts: 1 } }).workspace());
			const requests = sentSince(mark);
			expect(requests.size()).to.equal(1);
			expect(requests[0].Url).to.equal("https://api.rankgun.works/api/workspace");
		});

		it("uses a baseUrl override, with or without a trailing slash", () => {
			const { world, bridge } = liveWorld();
			const mark = logMark();
			expect(
				bridge({ baseUrl: `${Harness.emulatorUrl}/` })
					.workspace()
					.expect().workspace.id,
			).to.equal(world.rankgun.id);
			expect(sentTo(mark, `${Harness.emulatorUrl}/api/workspace`).size()).to.equal(1);
		});

		it("gives up on a request after `timeout` seconds with Timeout", () => {
			const { bridge, emulator } = liveWorld();
			emulator.fault({ kind: "hang", service: "rankgun", pathContains: "/api/workspace", seconds: 2 });
			const started = os.clock();
			const failure = rejection(bridge({ timeout: 1, retry: { maxAttempts: 1 } }).workspace());
			const took = os.clock() - started;
			expect(failure.kind).to.equal(ErrorKind.Timeout);
			expect(took >= 0.9 && took < 1.8).to.equal(true);
		});
	});
};
