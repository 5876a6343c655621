import { t } from "@rbxts/t";
import { RunService } from "@rbxts/services";
import { add } from "./core/math";
export const isServer = RunService.IsServer();
export const check = t.number;
export { add };
