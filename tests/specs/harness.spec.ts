import { HttpService, ServerStorage } from "@rbxts/services";
export = () => {
	it("reaches the emulator", () => {
		const url = ServerStorage.GetAttribute("EmulatorUrl") as string;
		const response = HttpService.RequestAsync({ Url: `${url}/x`, Method: "GET" });
		expect(response.StatusCode).to.equal(200);
		const data = HttpService.JSONDecode(response.Body) as { path: string };
		expect(data.path).to.equal("/x");
	});
	it("times out", () => {
		const url = ServerStorage.GetAttribute("EmulatorUrl") as string;
		expect(() => HttpService.RequestAsync({ Url: `${url}/slow`, Timeout: 0.1 } as RequestAsyncRequest)).to.throw("Timedout");
	});
};
