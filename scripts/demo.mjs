// npm run demo: `npm run play` with the example game server and the demo scenario. A session
// goes in progress and players are marked attended once, admins rank people by chat, a
// non-admin is refused, the server shuts down with work queued and a second server finishes it.
import { buildModel, compile, runLune } from "./lib.mjs";

if (compile() !== 0) {
	console.error("[demo] rbxtsc failed");
	process.exit(1);
}
if ((await buildModel()) !== 0) {
	console.error("[demo] building the model failed");
	process.exit(1);
}
const args = ["examples/GameServer.server.luau", "--scenario", "examples/scenarios/demo.play"];
process.exit(await runLune("scripts/play.luau", args, { timeoutSeconds: 120 }));
