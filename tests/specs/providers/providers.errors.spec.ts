// Answers the emulator does not give but the real services may: scripted in front of it, and
// checked through the public API for the RankError kind a game branches on.
import RankBridge from "../../../src";
import type { HttpRequest, HttpResponse } from "../../../src/roblox/http";
import { member } from "../helpers/bridges";
import { hyraWorld, openCloudWorld, ScriptedTransport } from "../helpers/providerBridges";
import { contains, rejection } from "../helpers/rejection";

const ERRORS = RankBridge.ErrorKind;

/** Answers the first request whose URL contains `part` with `response`; the rest reach the emulator. */
function once(part: string, response: HttpResponse): ScriptedTransport {
	let used = false;
	return new ScriptedTransport((request: HttpRequest) => {
		if (used || !contains(request.url, part)) return undefined;
		used = true;
		return response;
	});
}

function json(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
	return { status, headers, body };
}

export = () => {
	describe("Hyra", () => {
		it("treats a 200 carrying Success: false as the failure it names", () => {
			const { world, bridge } = hyraWorld();
			const transport = once("/rank", json(200, '{"Success":false,"Message":"The user is not in the group"}'));
			const failure = rejection(bridge({ transport }).setRank(member(world, "Recruit1").id, 10));
			expect(failure.kind).to.equal(ERRORS.NotInGroup);
			expect(world.group.rankOf(member(world, "Recruit1").id)).to.equal(1);
		});

		it("treats a 200 carrying success: false on a token endpoint as a failure", () => {
			const { bridge } = hyraWorld();
			const transport = once("/token/", json(200, '{"success":false,"message":"Invalid token"}'));
			expect(rejection(bridge({ transport }).hyra.tokenInfo()).kind).to.equal(ERRORS.InvalidKey);
		});

		it("retries a 429 that is not about the daily quota, after its Retry-After", () => {
			const { world, bridge } = hyraWorld();
			const transport = once("/rank", json(429, '{"Success":false,"Message":"Too many requests"}', { "retry-after": "0.2" }));
			const ranker = bridge({ transport });
			expect(ranker.setRank(member(world, "Recruit1").id, 10).expect().newRank).to.equal(10);
			expect(ranker.status().lastError?.kind).to.equal(ERRORS.RateLimited);
			expect(ranker.status().parked).to.equal(0);
		});

		it("reads ids sent as strings and timestamps sent as {seconds, nanoseconds}", () => {
			const { world, bridge } = hyraWorld();
			const transport = once(
				"/token/",
				json(200, `{"success":true,"groupId":"${world.group.id}","usage":"3","created":{"seconds":1700000000,"nanoseconds":500000000}}`),
			);
			const info = bridge({ transport }).hyra.tokenInfo().expect();
			expect(info.groupId).to.equal(world.group.id);
			expect(info.usage).to.equal(3);
			expect(info.created).to.equal(1700000000.5);
		});

		it("rejects an answer that is not the documented shape with InvalidResponse", () => {
			const { bridge } = hyraWorld();
			const transport = new ScriptedTransport((request) =>
				contains(request.url, "/token/") ? json(200, '{"success":true,"groupId":"abc"}') : undefined,
			);
			const failure = rejection(bridge({ transport, retry: { maxAttempts: 1 } }).hyra.tokenInfo());
			expect(failure.kind).to.equal(ERRORS.InvalidResponse);
		});
	});

	describe("Open Cloud", () => {
		it("retries ABORTED (a concurrent change) after reading the membership back", () => {
			const { world, bridge } = openCloudWorld();
			const transport = once(":assignRole", json(409, '{"code":"ABORTED","message":"Concurrent modification"}'));
			const ranker = bridge({ transport });
			expect(ranker.promote(member(world, "Private1").id).expect().newRank).to.equal(20);
			expect(ranker.status().lastError?.kind).to.equal(ERRORS.Transient);
			expect(world.group.rankOf(member(world, "Private1").id)).to.equal(20);
		});

		it("retries UNAVAILABLE on a read", () => {
			const { world, bridge } = openCloudWorld();
			const transport = once("/memberships", json(503, '{"code":"UNAVAILABLE","message":"Try again"}'));
			expect(bridge({ transport }).getRank(member(world, "Officer1").id).expect()).to.equal(100);
		});

		it("maps a membership NOT_FOUND on a change (the member left meanwhile) to NotInGroup", () => {
			const { world, bridge } = openCloudWorld();
			const transport = once(":assignRole", json(404, '{"code":"NOT_FOUND","message":"Membership not found"}'));
			const failure = rejection(bridge({ transport }).setRank(member(world, "Recruit1").id, 10));
			expect(failure.kind).to.equal(ERRORS.NotInGroup);
			expect(failure.code).to.equal("NOT_FOUND");
		});

		it("maps INVALID_ARGUMENT about Guest or Owner to RankOutOfRange, and other INVALID_ARGUMENT to InvalidRequest", () => {
			const { world, bridge } = openCloudWorld();
			const guest = once(":assignRole", json(400, '{"code":"INVALID_ARGUMENT","message":"The Guest and Owner roles cannot be assigned"}'));
			expect(rejection(bridge({ transport: guest }).setRank(member(world, "Recruit1").id, 10)).kind).to.equal(ERRORS.RankOutOfRange);
			const other = once(":assignRole", json(400, '{"code":"INVALID_ARGUMENT","message":"role is required"}'));
			expect(rejection(bridge({ transport: other }).setRank(member(world, "Recruit1").id, 10)).kind).to.equal(ERRORS.InvalidRequest);
		});

		it("takes the wait from x-ratelimit-reset when a 429 has no Retry-After", () => {
			const { world, bridge } = openCloudWorld();
			const transport = once(
				":assignRole",
				json(429, '{"code":"RESOURCE_EXHAUSTED","message":"Rate limit exceeded"}', {
					"x-ratelimit-remaining": "0",
					"x-ratelimit-reset": "1",
				}),
			);
			const ranker = bridge({ transport });
			const started = os.clock();
			expect(ranker.setRank(member(world, "Recruit1").id, 10).expect().newRank).to.equal(10);
			expect(os.clock() - started >= 1).to.equal(true);
		});
	});
};
