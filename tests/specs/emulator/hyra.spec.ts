// The emulated Hyra Ranking API over HTTP, endpoint by endpoint
// (https://github.com/hyra-io/developer-docs/blob/fff9dcabc487/ranking/all-endpoints.md).
import { HttpService } from "@rbxts/services";
import type { World, WorldSeed } from "../../emulator";
import { Harness } from "../helpers/harness";
import { wire, WireResponse } from "../helpers/http";

interface TokenReply {
	success: boolean;
	message?: string;
	token?: string;
	username?: string;
	id?: number;
	created?: { _seconds: number; _nanoseconds: number };
	groupId?: number;
	paid?: boolean;
	usage?: number;
}
interface ActionReply {
	Success: boolean;
	Message: string;
}
interface LogsReply {
	success: boolean;
	length: number;
	data: Array<{
		id: string;
		data: {
			country: string;
			date: { _seconds: number; _nanoseconds: number };
			groupId: number;
			ip: string;
			rankId: number;
			ray: string;
			type: string;
			user: string;
		};
	}>;
}

/** A POST/PUT with the content type Hyra's docs ask for. */
function send(method: "POST" | "PUT", path: string, body: object, contentType = "text/json"): WireResponse {
	return wire(method, path, { headers: { "content-type": contentType }, body: HttpService.JSONEncode(body) });
}

function tokenReply(response: WireResponse) {
	return response.json as TokenReply;
}

function actionReply(response: WireResponse) {
	return response.json as ActionReply;
}

function rank(token: string, groupId: number | string, targetId: number | string, rankNumber: number | string) {
	return send("POST", "/rank", { token, groupId, targetId, rankNumber });
}

function member(world: World, name: string) {
	const user = world.members.find((candidate) => candidate.name === name);
	if (!user) error(`no member ${name}`);
	return user;
}

const SEED: WorldSeed = {
	members: [
		{ name: "Alice", rank: 1 },
		{ name: "Bob", rank: 10 },
		{ name: "Carol", rank: 200 },
	],
};

export = () => {
	let world: World;

	beforeEach(() => {
		Harness.resetHttpBudget();
		world = Harness.emulator.createWorld(SEED);
	});

	describe("POST /token", () => {
		it("issues a working token for a known cookie, naming the bot account", () => {
			const response = send("POST", "/token", { cookie: world.hyra.account.cookie, groupId: world.group.id });
			expect(response.status).to.equal(200);
			const reply = tokenReply(response);
			expect(reply.success).to.equal(true);
			expect(reply.username).to.equal(world.bot.name);
			expect(reply.id).to.equal(world.bot.id);
			expect(reply.token).to.be.ok();
			expect(reply.token).never.to.equal(world.hyra.token);
			const info = wire("GET", `/token/${reply.token}`);
			expect(info.status).to.equal(200);
			expect(tokenReply(info).groupId).to.equal(world.group.id);
		});

		it("refuses a cookie it does not know", () => {
			const response = send("POST", "/token", { cookie: "_|WARNING:-not-a-real-cookie|_", groupId: world.group.id });
			expect(response.status).to.equal(401);
			expect(tokenReply(response).success).to.equal(false);
		});

		it("refuses a request without groupId", () => {
			const response = send("POST", "/token", { cookie: world.hyra.account.cookie });
			expect(response.status).to.equal(400);
			expect(tokenReply(response).success).to.equal(false);
		});

		it("refuses a group the account is not in", () => {
			const outsider = Harness.emulator.roblox.createUser("Outsider");
			const account = Harness.emulator.hyra.registerCookie(outsider);
			const response = send("POST", "/token", { cookie: account.cookie, groupId: world.group.id });
			expect(response.status).to.equal(403);
		});
	});

	describe("PUT /spin", () => {
		it("returns a new token and the old one stops working", () => {
			const old = world.hyra.token;
			const response = send("PUT", "/spin", { token: old });
			expect(response.status).to.equal(200);
			const reply = tokenReply(response);
			expect(reply.success).to.equal(true);
			expect(reply.token).never.to.equal(old);
			expect(wire("GET", `/token/${old}`).status).to.equal(401);
			expect(rank(old, world.group.id, member(world, "Alice").id, 10).status).to.equal(401);
			expect(rank(reply.token!, world.group.id, member(world, "Alice").id, 10).status).to.equal(200);
		});

		it("refuses an unknown token", () => {
			const response = send("PUT", "/spin", { token: "not-a-token" });
			expect(response.status).to.equal(401);
			expect(tokenReply(response).success).to.equal(false);
		});
	});

	describe("DELETE /token/{token}", () => {
		it("invalidates the token entirely", () => {
			const response = wire("DELETE", `/token/${world.hyra.token}`);
			expect(response.status).to.equal(200);
			expect(tokenReply(response).success).to.equal(true);
			expect(wire("GET", `/token/${world.hyra.token}`).status).to.equal(401);
			expect(rank(world.hyra.token, world.group.id, member(world, "Alice").id, 10).status).to.equal(401);
			expect(wire("DELETE", `/token/${world.hyra.token}`).status).to.equal(401);
		});
	});

	describe("GET /token/{token}", () => {
		it("reports creation time, group, paid flag and today's usage", () => {
			const paidWorld = Harness.emulator.createWorld({ ...SEED, hyra: { paid: true, quotaUsed: 7 } });
			const response = wire("GET", `/token/${paidWorld.hyra.token}`);
			expect(response.status).to.equal(200);
			const reply = tokenReply(response);
			expect(reply.success).to.equal(true);
			expect(reply.groupId).to.equal(paidWorld.group.id);
			expect(reply.paid).to.equal(true);
			expect(reply.usage).to.equal(7);
			expect(reply.created!._seconds).to.equal(math.floor(paidWorld.hyra.created));
			expect(typeIs(reply.created!._nanoseconds, "number")).to.equal(true);
			expect(tokenReply(wire("GET", `/token/${world.hyra.token}`)).paid).to.equal(false);
		});

		it("refuses an unknown token", () => {
			expect(wire("GET", "/token/not-a-token").status).to.equal(401);
		});
	});

	describe("POST /rank", () => {
		it("sets the user's rank in the group and answers with capitalised keys", () => {
			const alice = member(world, "Alice");
			const response = rank(world.hyra.token, world.group.id, alice.id, 20);
			expect(response.status).to.equal(200);
			const reply = actionReply(response);
			expect(reply.Success).to.equal(true);
			expect(reply.Message).to.equal("Successfully changed rank of user");
			expect(world.group.rankOf(alice.id)).to.equal(20);
			expect(world.group.members.get(alice.id)!.roleIds.size()).to.equal(1);
		});

		it("accepts rankNumber, targetId and groupId as strings", () => {
			const bob = member(world, "Bob");
			const response = rank(world.hyra.token, tostring(world.group.id), tostring(bob.id), "30");
			expect(response.status).to.equal(200);
			expect(world.group.rankOf(bob.id)).to.equal(30);
		});

		it("accepts content-type application/json as well as text/json", () => {
			const bob = member(world, "Bob");
			const response = send(
				"POST",
				"/rank",
				{ token: world.hyra.token, groupId: world.group.id, targetId: bob.id, rankNumber: 20 },
				"application/json",
			);
			expect(response.status).to.equal(200);
			expect(world.group.rankOf(bob.id)).to.equal(20);
		});

		it("refuses a body sent as another content type, saying so rather than naming fields as missing", () => {
			const bob = member(world, "Bob");
			const response = send(
				"POST",
				"/rank",
				{ token: world.hyra.token, groupId: world.group.id, targetId: bob.id, rankNumber: 20 },
				"text/plain",
			);
			expect(response.status).to.equal(400);
			expect((response.json as { Message: string }).Message).to.equal('content-type must be text/json, got "text/plain"');
			expect(world.group.rankOf(bob.id)).to.equal(10);
		});

		it("refuses a request missing a required field", () => {
			const response = send("POST", "/rank", { token: world.hyra.token, targetId: member(world, "Bob").id, rankNumber: 20 });
			expect(response.status).to.equal(400);
			expect(actionReply(response).Success).to.equal(false);
		});

		it("refuses rank numbers outside 1-253", () => {
			const bob = member(world, "Bob");
			expect(rank(world.hyra.token, world.group.id, bob.id, 0).status).to.equal(400);
			expect(rank(world.hyra.token, world.group.id, bob.id, 254).status).to.equal(400);
			expect(world.group.rankOf(bob.id)).to.equal(10);
		});

		it("refuses a rank number the group has no role for", () => {
			expect(rank(world.hyra.token, world.group.id, member(world, "Bob").id, 42).status).to.equal(400);
		});

		it("refuses a token that is not valid", () => {
			const response = rank("not-a-token", world.group.id, member(world, "Bob").id, 20);
			expect(response.status).to.equal(401);
			expect(actionReply(response).Success).to.equal(false);
		});

		it("refuses a group other than the token's", () => {
			const other = Harness.emulator.createWorld(SEED);
			const response = rank(world.hyra.token, other.group.id, member(other, "Bob").id, 20);
			expect(response.status).to.equal(403);
			expect(other.group.rankOf(member(other, "Bob").id)).to.equal(10);
		});

		it("refuses a user who is not in the group", () => {
			const outsider = Harness.emulator.roblox.createUser("Stranger");
			const response = rank(world.hyra.token, world.group.id, outsider.id, 20);
			expect(response.status).to.equal(400);
			expect(world.group.members.has(outsider.id)).to.equal(false);
		});

		describe("rank ceiling", () => {
			const ladder = [
				{ name: "Guest", rank: 0 },
				{ name: "Member", rank: 1 },
				{ name: "Moderator", rank: 100 },
				{ name: "Bot", rank: 150 },
				{ name: "Admin", rank: 200 },
				{ name: "Owner", rank: 255 },
			];
			let low: World;

			beforeEach(() => {
				// createWorld puts the bot on the second-highest role: here Admin, 200.
				low = Harness.emulator.createWorld({
					ladder,
					members: [
						{ name: "Member", rank: 1 },
						{ name: "Peer", rank: 200 },
					],
				});
			});

			it("ranks up to the role just below the bot's", () => {
				expect(rank(low.hyra.token, low.group.id, member(low, "Member").id, 150).status).to.equal(200);
				expect(low.group.rankOf(member(low, "Member").id)).to.equal(150);
			});

			it("refuses a rank at the bot's own rank", () => {
				const response = rank(low.hyra.token, low.group.id, member(low, "Member").id, 200);
				expect(response.status).to.equal(403);
				expect(low.group.rankOf(member(low, "Member").id)).to.equal(1);
			});

			it("refuses a user at the bot's rank or above", () => {
				const response = rank(low.hyra.token, low.group.id, member(low, "Peer").id, 100);
				expect(response.status).to.equal(403);
				expect(low.group.rankOf(member(low, "Peer").id)).to.equal(200);
			});
		});
	});

	describe("POST /message", () => {
		it("messages the user, answers with capitalised keys and counts toward usage", () => {
			const alice = member(world, "Alice");
			const response = send("POST", "/message", { token: world.hyra.token, subject: "Welcome", message: "Hello!", targetId: alice.id });
			expect(response.status).to.equal(200);
			const reply = actionReply(response);
			expect(reply.Success).to.equal(true);
			expect(reply.Message).to.equal("Successfully messaged user");
			const sent = world.hyra.messages();
			expect(sent.size()).to.equal(1);
			expect(sent[0].targetId).to.equal(alice.id);
			expect(sent[0].subject).to.equal("Welcome");
			expect(tokenReply(wire("GET", `/token/${world.hyra.token}`)).usage).to.equal(1);
		});

		it("is refused for Campfire Managed accounts", () => {
			const managed = Harness.emulator.createWorld({ ...SEED, hyra: { accountType: "Campfire Managed" } });
			const response = send("POST", "/message", {
				token: managed.hyra.token,
				subject: "Hi",
				message: "Hello",
				targetId: member(managed, "Alice").id,
			});
			expect(response.status).to.equal(403);
			expect(actionReply(response).Success).to.equal(false);
			expect(managed.hyra.messages().size()).to.equal(0);
		});

		it("refuses a request missing the subject", () => {
			const response = send("POST", "/message", { token: world.hyra.token, message: "Hello", targetId: member(world, "Alice").id });
			expect(response.status).to.equal(400);
			expect(world.hyra.messages().size()).to.equal(0);
		});
	});

	describe("daily quota of 500", () => {
		it("allows the 500th successful call and refuses the next with 429", () => {
			const spent = Harness.emulator.createWorld({ ...SEED, hyra: { quotaUsed: 499 } });
			const bob = member(spent, "Bob");
			expect(rank(spent.hyra.token, spent.group.id, bob.id, 20).status).to.equal(200);
			const refused = rank(spent.hyra.token, spent.group.id, bob.id, 30);
			expect(refused.status).to.equal(429);
			expect(actionReply(refused).Success).to.equal(false);
			expect(spent.group.rankOf(bob.id)).to.equal(20);
			expect(spent.hyra.usage()).to.equal(500);
		});

		it("counts only successful calls", () => {
			const spent = Harness.emulator.createWorld({ ...SEED, hyra: { quotaUsed: 499 } });
			expect(rank(spent.hyra.token, spent.group.id, member(spent, "Bob").id, 42).status).to.equal(400);
			expect(spent.hyra.usage()).to.equal(499);
			expect(rank(spent.hyra.token, spent.group.id, member(spent, "Bob").id, 20).status).to.equal(200);
		});

		it("refuses messages too once it is spent", () => {
			const spent = Harness.emulator.createWorld({ ...SEED, hyra: { quotaUsed: 500 } });
			const response = send("POST", "/message", {
				token: spent.hyra.token,
				subject: "Hi",
				message: "Hello",
				targetId: member(spent, "Alice").id,
			});
			expect(response.status).to.equal(429);
			expect(spent.hyra.messages().size()).to.equal(0);
		});

		it("resets at 05:00 UTC", () => {
			const spent = Harness.emulator.createWorld({ ...SEED, hyra: { quotaUsed: 500 } });
			const bob = member(spent, "Bob");
			const now = Harness.emulator.now();
			const nextReset = (math.floor((now - 5 * 3600) / 86400) + 1) * 86400 + 5 * 3600;
			Harness.emulator.advance(nextReset - now - 5);
			expect(rank(spent.hyra.token, spent.group.id, bob.id, 20).status).to.equal(429);
			Harness.emulator.advance(10);
			expect(rank(spent.hyra.token, spent.group.id, bob.id, 20).status).to.equal(200);
			expect(tokenReply(wire("GET", `/token/${spent.hyra.token}`)).usage).to.equal(1);
		});
	});

	describe("GET /logs/{token}", () => {
		it("logs each rank change with the documented fields, newest first", () => {
			const alice = member(world, "Alice");
			const bob = member(world, "Bob");
			rank(world.hyra.token, world.group.id, alice.id, 20);
			rank(world.hyra.token, world.group.id, bob.id, 30);
			const response = wire("GET", `/logs/${world.hyra.token}`);
			expect(response.status).to.equal(200);
			const reply = response.json as LogsReply;
			expect(reply.success).to.equal(true);
			expect(reply.length).to.equal(2);
			const [newest, oldest] = [reply.data[0], reply.data[1]];
			expect(newest.data.user).to.equal(tostring(bob.id));
			expect(newest.data.rankId).to.equal(30);
			expect(oldest.data.user).to.equal(tostring(alice.id));
			expect(oldest.data.groupId).to.equal(world.group.id);
			expect(typeIs(newest.id, "string")).to.equal(true);
			expect(typeIs(newest.data.date._seconds, "number")).to.equal(true);
			expect(typeIs(newest.data.date._nanoseconds, "number")).to.equal(true);
			expect(typeIs(newest.data.ray, "string")).to.equal(true);
			expect(typeIs(newest.data.type, "string")).to.equal(true);
			expect(typeIs(newest.data.country, "string")).to.equal(true);
			expect(typeIs(newest.data.ip, "string")).to.equal(true);
		});

		it("pages 20 entries at a time, continuing after `index`", () => {
			const bob = member(world, "Bob");
			for (let i = 1; i <= 25; i++) rank(world.hyra.token, world.group.id, bob.id, i % 2 === 0 ? 20 : 30);
			const first = wire("GET", `/logs/${world.hyra.token}`).json as LogsReply;
			expect(first.length).to.equal(20);
			expect(first.data.size()).to.equal(20);
			const expected = world.hyra.logs();
			expect(first.data[0].id).to.equal(expected[0].id);
			const second = wire("GET", `/logs/${world.hyra.token}`, { query: { index: first.data[19].id } }).json as LogsReply;
			expect(second.length).to.equal(5);
			second.data.forEach((entry, i) => expect(entry.id).to.equal(expected[20 + i].id));
			const after = wire("GET", `/logs/${world.hyra.token}`, { query: { index: second.data[4].id } }).json as LogsReply;
			expect(after.length).to.equal(0);
		});

		it("refuses an index that names no entry", () => {
			expect(wire("GET", `/logs/${world.hyra.token}`, { query: { index: "nope" } }).status).to.equal(404);
		});

		it("refuses an unknown token", () => {
			const response = wire("GET", "/logs/not-a-token");
			expect(response.status).to.equal(401);
			expect(tokenReply(response).success).to.equal(false);
		});
	});

	describe("behaviours where the docs are silent", () => {
		afterEach(() => Harness.emulator.hyra.resetBehaviours());

		it("answers its own failures with 4xx statuses by default", () => {
			expect(rank(world.hyra.token, world.group.id, member(world, "Bob").id, 254).status).to.equal(400);
			expect(wire("GET", "/logs/not-a-token").status).to.equal(401);
		});

		it("failuresAs200: every failure of its own comes back as 200 with its success flag false, and changes nothing", () => {
			Harness.emulator.hyra.setBehaviours({ failuresAs200: true });
			const bob = member(world, "Bob");
			const refused = rank(world.hyra.token, world.group.id, bob.id, 254);
			expect(refused.status).to.equal(200);
			expect(actionReply(refused).Success).to.equal(false);
			expect(world.group.rankOf(bob.id)).to.equal(10);
			const spent = Harness.emulator.createWorld({ ...SEED, hyra: { quotaUsed: 500 } });
			const overQuota = rank(spent.hyra.token, spent.group.id, member(spent, "Bob").id, 20);
			expect(overQuota.status).to.equal(200);
			expect(actionReply(overQuota).Success).to.equal(false);
			const unknown = wire("GET", "/logs/not-a-token");
			expect(unknown.status).to.equal(200);
			expect(tokenReply(unknown).success).to.equal(false);
			// A success is unchanged, and a fault a spec arms is still the server's error.
			expect(rank(world.hyra.token, world.group.id, bob.id, 20).status).to.equal(200);
			expect(world.group.rankOf(bob.id)).to.equal(20);
			Harness.emulator.fault({ kind: "serverError", service: "hyra" });
			expect(rank(world.hyra.token, world.group.id, bob.id, 30).status).to.equal(500);
		});
	});

	it("summarises tokens at /__emulator/state", () => {
		rank(world.hyra.token, world.group.id, member(world, "Bob").id, 20);
		const state = wire("GET", "/__emulator/state").json as { hyra: Array<{ token: string; groupId: number; usage: number; logs: number }> };
		const entry = state.hyra.find((candidate) => candidate.token === world.hyra.token);
		expect(entry).to.be.ok();
		expect(entry!.groupId).to.equal(world.group.id);
		expect(entry!.usage).to.equal(1);
		expect(entry!.logs).to.equal(1);
	});
};
