// Open Cloud's gateway as emulated: API keys, scopes and per-owner rate limits
// (https://create.roblox.com/docs/cloud/reference/errors,
// https://create.roblox.com/docs/cloud/reference/rate-limits).
import type { World } from "../../emulator";
import { Harness } from "../helpers/harness";
import { wire } from "../helpers/http";
import { cloud, errorCode, GatewayError } from "./support/opencloud";

export = () => {
	let world: World;

	beforeEach(() => {
		Harness.resetHttpBudget();
		world = Harness.emulator.createWorld({ members: [{ name: "Alice", rank: 1 }] });
	});

	function groupPath(target: World = world) {
		return `/cloud/v2/groups/${target.group.id}`;
	}

	describe("API key", () => {
		it("refuses a request without x-api-key with the gateway's error body", () => {
			const response = cloud("GET", groupPath(), undefined);
			expect(response.status).to.equal(401);
			const body = response.json as GatewayError;
			expect(body.errors[0].code).to.equal(0);
			expect(body.errors[0].message).to.equal("Invalid API Key");
		});

		it("refuses an unknown key with the gateway's error body", () => {
			const response = cloud("GET", groupPath(), "not-a-key");
			expect(response.status).to.equal(401);
			expect((response.json as GatewayError).errors[0].message).to.equal("Invalid API Key");
		});

		it("accepts a seeded key", () => {
			expect(cloud("GET", groupPath(), world.openCloud.key).status).to.equal(200);
		});
	});

	describe("scopes", () => {
		it("refuses a role change from a key without group:write", () => {
			const readOnly = Harness.emulator.createWorld({ members: [{ name: "Alice", rank: 1 }], openCloud: { scopes: ["group:read"] } });
			const alice = readOnly.members[0];
			const role = readOnly.group.roleByRank(10)!;
			const response = cloud("POST", `${groupPath(readOnly)}/memberships/${alice.id}:assignRole`, readOnly.openCloud.key, {
				body: { role: `groups/${readOnly.group.id}/roles/${role.id}` },
			});
			expect(response.status).to.equal(403);
			expect(errorCode(response)).to.equal("PERMISSION_DENIED");
			expect(readOnly.group.rankOf(alice.id)).to.equal(1);
		});

		it("lets a key without scopes read the group, roles and memberships", () => {
			const bare = Harness.emulator.createWorld({ openCloud: { scopes: [] } });
			expect(cloud("GET", groupPath(bare), bare.openCloud.key).status).to.equal(200);
			expect(cloud("GET", `${groupPath(bare)}/roles`, bare.openCloud.key).status).to.equal(200);
			expect(cloud("GET", `${groupPath(bare)}/memberships`, bare.openCloud.key).status).to.equal(200);
		});
	});

	describe("rate limits", () => {
		it("reports the documented limit and what is left in x-ratelimit-* headers", () => {
			const first = cloud("GET", groupPath(), world.openCloud.key);
			expect(first.headers["x-ratelimit-limit"].match("^(%d+)")[0]).to.equal("150");
			expect(first.headers["x-ratelimit-remaining"]).to.equal("149");
			const reset = tonumber(first.headers["x-ratelimit-reset"])!;
			expect(reset > 0 && reset <= 60).to.equal(true);
			expect(cloud("GET", `${groupPath()}/memberships`, world.openCloud.key).headers["x-ratelimit-limit"].match("^(%d+)")[0]).to.equal("300");
		});

		it("answers 429 RESOURCE_EXHAUSTED with the headers once the owner's limit is spent", () => {
			const limited = Harness.emulator.createWorld({ openCloud: { rateLimits: { GetGroup: 3 } } });
			for (let i = 1; i <= 3; i++) expect(cloud("GET", groupPath(limited), limited.openCloud.key).status).to.equal(200);
			const refused = cloud("GET", groupPath(limited), limited.openCloud.key);
			expect(refused.status).to.equal(429);
			expect(errorCode(refused)).to.equal("RESOURCE_EXHAUSTED");
			expect(refused.headers["x-ratelimit-remaining"]).to.equal("0");
			expect(refused.headers["x-ratelimit-limit"].match("^(%d+)")[0]).to.equal("3");
			expect(tonumber(refused.headers["x-ratelimit-reset"])! > 0).to.equal(true);
		});

		it("counts each operation separately", () => {
			const limited = Harness.emulator.createWorld({ openCloud: { rateLimits: { GetGroup: 1 } } });
			expect(cloud("GET", groupPath(limited), limited.openCloud.key).status).to.equal(200);
			expect(cloud("GET", groupPath(limited), limited.openCloud.key).status).to.equal(429);
			expect(cloud("GET", `${groupPath(limited)}/roles`, limited.openCloud.key).status).to.equal(200);
		});

		it("counts all keys of the same owner together", () => {
			const limited = Harness.emulator.createWorld({ openCloud: { rateLimits: { GetGroup: 2 } } });
			const second = Harness.emulator.openCloud.createKey(limited.bot, { rateLimits: { GetGroup: 2 } });
			expect(cloud("GET", groupPath(limited), limited.openCloud.key).status).to.equal(200);
			expect(cloud("GET", groupPath(limited), second.key).status).to.equal(200);
			expect(cloud("GET", groupPath(limited), second.key).status).to.equal(429);
			expect(Harness.emulator.openCloud.usage(limited.bot, "GetGroup")).to.equal(2);
		});

		it("lets requests through again once the minute is over", () => {
			const limited = Harness.emulator.createWorld({ openCloud: { rateLimits: { GetGroup: 1 } } });
			expect(cloud("GET", groupPath(limited), limited.openCloud.key).status).to.equal(200);
			const refused = cloud("GET", groupPath(limited), limited.openCloud.key);
			expect(refused.status).to.equal(429);
			Harness.emulator.advance(tonumber(refused.headers["x-ratelimit-reset"])!);
			expect(cloud("GET", groupPath(limited), limited.openCloud.key).status).to.equal(200);
		});
	});

	it("summarises keys at /__emulator/state", () => {
		const limited = Harness.emulator.createWorld({ openCloud: { scopes: ["group:read"], rateLimits: { GetGroup: 7 } } });
		const state = wire("GET", "/__emulator/state").json as {
			openCloud: { keys: Array<{ key: string; ownerId: number; scopes: Array<string>; rateLimits: Record<string, number> }> };
		};
		const entry = state.openCloud.keys.find((candidate) => candidate.key === limited.openCloud.key);
		expect(entry).to.be.ok();
		expect(entry!.ownerId).to.equal(limited.bot.id);
		expect(entry!.scopes.join(",")).to.equal("group:read");
		expect(entry!.rateLimits.GetGroup).to.equal(7);
		expect(entry!.rateLimits.ListGroupMemberships).to.equal(300);
	});
};
