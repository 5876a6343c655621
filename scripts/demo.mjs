// npm run demo
// Builds the model, then plays a small game server against the RankGun emulator on 127.0.0.1
// (scripts/demo.luau): a session goes in progress and players are marked attended once, admins
// rank people by chat, a non-admin is refused, the server shuts down with work queued and a
// second server finishes it. Prints what happened and the final ranks and attendance.
import { buildModel, compile, runLune } from "./lib.mjs";

if (compile() !== 0) {
	console.error("[demo] rbxtsc failed");
	process.exit(1);
}
if ((await buildModel()) !== 0) {
	console.error("[demo] building the model failed");
	process.exit(1);
}
process.exit(await runLune("scripts/demo.luau", [], { timeoutSeconds: 120 }));
