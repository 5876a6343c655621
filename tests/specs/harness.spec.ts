import { HttpService } from "@rbxts/services";
import { Harness } from "./helpers/harness";
export = () => {
	it("reaches the emulator", () => {
		const response = HttpService.RequestAsync({ Url: `${Harness.emulatorUrl}/__emulator/state`, Method: "GET" });
		expect(response.StatusCode).to.equal(200);
	});
};
