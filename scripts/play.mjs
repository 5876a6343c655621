// npm run play -- path/to/Script.server.luau [--scenario path/to/file.play]
// Builds the model, then runs that server Script headlessly against the emulator through a
// scenario (players joining and leaving, chat, time passing): scripts/play.luau.
import { buildModel, compile, runLune } from "./lib.mjs";

if (compile() !== 0) {
	console.error("[play] rbxtsc failed");
	process.exit(1);
}
if ((await buildModel()) !== 0) {
	console.error("[play] building the model failed");
	process.exit(1);
}
process.exit(await runLune("scripts/play.luau", process.argv.slice(2)));
