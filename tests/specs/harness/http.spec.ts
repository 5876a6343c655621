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
				HttpService.RequestAsync({ Url: `${Harness.emulatorUrl}/__emulator/echo?hang=1`, Timeout: 0.2 } as RequestAsyncRequest),
			).to.throw("HttpError: Timedout");
			expect(os.clock() - started < 0.9).to.equal(true);
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

		it("keeps the value out of the request log", () => {
			Harness.setSecret("api_key", "hunter2");
			echo({ Headers: { "x-api-key": HttpService.GetSecret("api_key") } });
			const log = Harness.httpLog();
			expect(log[log.size() - 1].Headers["x-api-key"]).to.equal("Secret(api_key)");
		});
	});
};
