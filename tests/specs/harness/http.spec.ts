// HttpService:RequestAsync, GetSecret and Secret behave as the engine reference documents,
// over real HTTP to the emulator on 127.0.0.1.
import { HttpService } from "@rbxts/services";
import { Harness } from "../helpers/harness";

interface Echo {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: string;
}

function echo(request: Partial<RequestAsyncRequest> & { Timeout?: number }): Echo {
	const response = HttpService.RequestAsync({ Url: `${Harness.emulatorUrl}/__emulator/echo`, ...request } as RequestAsyncRequest);
	return HttpService.JSONDecode(response.Body) as Echo;
}

export = () => {
	beforeEach(() => Harness.resetHttpBudget());
	afterEach(() => Harness.setHttpEnabled(true));

	describe("RequestAsync", () => {
		it("returns Success, StatusCode, StatusMessage, Headers and Body, and does not throw on a 4xx", () => {
			const response = HttpService.RequestAsync({ Url: `${Harness.emulatorUrl}/__emulator/nothing-here` });
			expect(response.Success).to.equal(false);
			expect(response.StatusCode).to.equal(404);
			expect(response.StatusMessage).to.be.a("string");
			expect(response.Headers["content-type"]).to.be.a("string");
		});

		it("sends the method, headers and body it is given", () => {
			const seen = echo({ Method: "PATCH", Headers: { "X-Thing": "1", "Content-Type": "application/json" }, Body: '{"a":1}' });
			expect(seen.method).to.equal("PATCH");
			expect(seen.headers["x-thing"]).to.equal("1");
			expect(seen.body).to.equal('{"a":1}');
		});

		it("errors when HTTP requests are not enabled", () => {
			Harness.setHttpEnabled(false);
			expect(() => echo({})).to.throw("Http requests are not enabled");
		});

		it("refuses a body on GET", () => {
			expect(() => echo({ Method: "GET", Body: "x" })).to.throw("Body");
		});

		it("raises HttpError: Timedout when the server takes longer than Timeout", () => {
			const started = os.clock();
			expect(() =>
				HttpService.RequestAsync({ Url: `${Harness.emulatorUrl}/__emulator/echo?hang=3`, Timeout: 1 } as RequestAsyncRequest),
			).to.throw("HttpError: Timedout");
			expect(os.clock() - started < 2.5).to.equal(true);
		});

		it("refuses a Timeout that is not a whole number of seconds from 1 to the default (30), before sending", () => {
			const url = `${Harness.emulatorUrl}/__emulator/echo`;
			const sent = Harness.httpLog().size();
			for (const timeout of [0.5, 2.5, 0, -1, 31]) {
				expect(() => HttpService.RequestAsync({ Url: url, Timeout: timeout } as RequestAsyncRequest)).to.throw("Timeout");
			}
			expect(Harness.httpLog().size()).to.equal(sent);
			expect(HttpService.RequestAsync({ Url: url, Timeout: 1 } as RequestAsyncRequest).StatusCode).to.equal(200);
			expect(HttpService.RequestAsync({ Url: url, Timeout: 30 } as RequestAsyncRequest).StatusCode).to.equal(200);
		});

		it("raises HttpError: ConnectFail when nothing listens", () => {
			expect(() => HttpService.RequestAsync({ Url: "http://127.0.0.1:9/x" })).to.throw("HttpError: ConnectFail");
		});

		it("never reaches a host other than loopback", () => {
			expect(() => HttpService.RequestAsync({ Url: "https://api.rankgun.works/api/workspace" })).to.throw("only loopback");
		});

		it("allows only x-api-key and content-type to Open Cloud, and x-api-key only as a Secret", () => {
			const url = `${Harness.emulatorUrl}/cloud/v2/groups/1`;
			expect(() => HttpService.RequestAsync({ Url: url, Headers: { "x-api-key": "plain" } })).to.throw("must be a Secret");
			Harness.setSecret("oc_probe", "k");
			const key = HttpService.GetSecret("oc_probe");
			expect(() => HttpService.RequestAsync({ Url: url, Headers: { "x-api-key": key, authorization: "x" } })).to.throw("not allowed");
			expect(HttpService.RequestAsync({ Url: url, Headers: { "x-api-key": key, "content-type": "application/json" } })).to.be.ok();
		});

		it("refuses '..' in an Open Cloud path, and plain HTTP or a blocked port to a Roblox domain", () => {
			Harness.setSecret("oc_probe", "k");
			const key = HttpService.GetSecret("oc_probe");
			expect(() =>
				HttpService.RequestAsync({ Url: `${Harness.emulatorUrl}/cloud/v2/groups/1/memberships/..%2F7`, Headers: { "x-api-key": key } }),
			).to.throw("'..' is not allowed");
			expect(() => HttpService.RequestAsync({ Url: "http://apis.roblox.com/cloud/v2/groups/1", Headers: { "x-api-key": key } })).to.throw(
				"only HTTPS",
			);
			for (const port of [22, 1194]) {
				expect(() =>
					HttpService.RequestAsync({ Url: `https://apis.roblox.com:${port}/cloud/v2/groups/1`, Headers: { "x-api-key": key } }),
				).to.throw("ERR_ACCESS_DENIED");
			}
			// A query string is not a path parameter.
			expect(
				HttpService.RequestAsync({ Url: `${Harness.emulatorUrl}/cloud/v2/groups/1?pageToken=a..b`, Headers: { "x-api-key": key } }),
			).to.be.ok();
		});

		it("fails past 2,500 Open Cloud requests a minute in one server, a budget apart from the 500", () => {
			Harness.setSecret("oc_probe", "k");
			const request = { Url: `${Harness.emulatorUrl}/cloud/v2/groups/1`, Headers: { "x-api-key": HttpService.GetSecret("oc_probe") } };
			for (let i = 0; i < 2500; i++) HttpService.RequestAsync(request);
			expect(() => HttpService.RequestAsync(request)).to.throw("Number of Open Cloud requests exceeded limit");
			expect(echo({}).method).to.equal("GET");
		});

		it("fails past 500 requests a minute in one server", () => {
			for (let i = 0; i < 500; i++) HttpService.RequestAsync({ Url: `${Harness.emulatorUrl}/__emulator/echo` });
			expect(() => echo({})).to.throw("Number of requests exceeded limit");
		});
	});

	describe("GetSecret", () => {
		it("errors for a key not in the secrets store", () => {
			expect(() => HttpService.GetSecret("no_such_secret")).to.throw("Can't find secret with given key");
		});

		it("gives a Secret that prints its name, never its value, and cannot be concatenated", () => {
			Harness.setSecret("api_key", "hunter2");
			const secret = HttpService.GetSecret("api_key");
			expect(typeOf(secret)).to.equal("Secret");
			expect(tostring(secret)).to.equal("Secret(api_key)");
			expect(() => (secret as unknown as string) + "x").to.throw();
		});

		it("sends AddPrefix/AddSuffix results in headers and URLs with the value revealed on the wire", () => {
			Harness.setSecret("api_key", "hunter2");
			const secret = HttpService.GetSecret("api_key");
			const seen = echo({ Headers: { Authorization: secret.AddPrefix("Bearer ") } });
			expect(seen.headers.authorization).to.equal("Bearer hunter2");
			Harness.setSecret("path_part", "echo");
			const url = HttpService.GetSecret("path_part").AddPrefix(`${Harness.emulatorUrl}/__emulator/`);
			const response = HttpService.RequestAsync({ Url: url });
			expect(response.StatusCode).to.equal(200);
		});

		it("sends a Secret only to its domain: one host, a wildcard's subdomains, or anywhere for *", () => {
			Harness.setSecret("rg_key", "hunter2", "api.rankgun.works");
			const key = HttpService.GetSecret("rg_key");
			expect(() => echo({ Headers: { "x-api-key": key } })).to.throw("may only be sent to api.rankgun.works");
			Harness.setSecret("rg_path", "echo", "api.rankgun.works");
			expect(() =>
				HttpService.RequestAsync({ Url: HttpService.GetSecret("rg_path").AddPrefix(`${Harness.emulatorUrl}/__emulator/`) }),
			).to.throw("may only be sent");
			// The host the script names is what counts (the harness routes api.rankgun.works to the emulator).
			Harness.routeHost("https://api.rankgun.works", Harness.emulatorUrl);
			Harness.setSecret("rg_wild", "hunter2", "*.rankgun.works");
			Harness.setSecret("rg_apex", "hunter2", "*.api.rankgun.works");
			try {
				const url = "https://api.rankgun.works/__emulator/echo";
				expect(HttpService.RequestAsync({ Url: url, Headers: { "x-api-key": key } }).StatusCode).to.equal(200);
				expect(HttpService.RequestAsync({ Url: url, Headers: { "x-api-key": HttpService.GetSecret("rg_wild") } }).StatusCode).to.equal(200);
				expect(() => HttpService.RequestAsync({ Url: url, Headers: { "x-api-key": HttpService.GetSecret("rg_apex") } })).to.throw(
					"may only be sent",
				);
			} finally {
				Harness.routeHost("https://api.rankgun.works", undefined);
			}
			Harness.setSecret("any_key", "hunter2", "*");
			expect(echo({ Headers: { "x-api-key": HttpService.GetSecret("any_key") } }).headers["x-api-key"]).to.equal("hunter2");
		});

		it("never puts a Secret in a body: the body must be a string", () => {
			Harness.setSecret("api_key", "hunter2");
			const secret = HttpService.GetSecret("api_key");
			expect(() => echo({ Method: "POST", Body: secret as unknown as string })).to.throw("Body must be a string");
		});

		it("holds at most 1,024 characters in a secret", () => {
			Harness.setSecret("long_key", "x".rep(1024));
			expect(HttpService.GetSecret("long_key")).to.be.ok();
			expect(() => Harness.setSecret("long_key", "x".rep(1025))).to.throw("1024 characters");
		});

		it("keeps the value out of the request log", () => {
			Harness.setSecret("api_key", "hunter2");
			echo({ Headers: { "x-api-key": HttpService.GetSecret("api_key") } });
			const log = Harness.httpLog();
			expect(log[log.size() - 1].Headers["x-api-key"]).to.equal("Secret(api_key)");
		});
	});
};
