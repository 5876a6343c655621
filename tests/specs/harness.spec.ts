import { HttpService, ServerStorage } from "@rbxts/services";
export = () => {
	it("reaches the emulator", () => {
		const url = ServerStorage.GetAttribute("EmulatorUrl") as string;
		const response = HttpService.RequestAsync({ Url: `${url}/__emulator/state`, Method: "GET" });
		expect(response.StatusCode).to.equal(200);
	});
};
