import { HttpService } from "@rbxts/services";
export interface EmulatorRequest { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: string }
export interface EmulatorResponse { status: number; headers: Record<string, string>; body: string }
export class Emulator {
	handle(request: EmulatorRequest): EmulatorResponse {
		if (request.path === "/slow") task.wait(0.3);
		return { status: 200, headers: { "content-type": "application/json" }, body: HttpService.JSONEncode({ path: request.path, method: request.method }) };
	}
}
