// npm test [-- --filter <pattern>] [--no-build] [--timeout <seconds>]
// Compiles, builds the model (a spec installs build/RankBridge.rbxm), runs every spec under Lune,
// and ends with the line "N passed, N failed, N skipped".
// A crash, a hang past the timeout or a build failure counts as "0 passed, 1 failed".
import { buildModel, compile, parseArgs, root, runLune } from "./lib.mjs";
import { writeSurface } from "./surface.mjs";

const options = parseArgs(process.argv.slice(2));
const timeoutSeconds = Number(options.timeout ?? 300);

let summary = "0 passed, 1 failed, 0 skipped";
let code = options["no-build"] ? 0 : compile();
if (code !== 0) {
	console.error("[test] rbxtsc failed");
} else if (!options["no-build"] && (code = await buildModel()) !== 0) {
	console.error("[test] building build/RankBridge.rbxm failed");
} else {
	// The public API as TypeScript declares it, for the spec that checks the typed Luau face.
	if (!options["no-build"]) writeSurface(root);
	const args = typeof options.filter === "string" ? ["--filter", options.filter] : [];
	let output = "";
	code = await runLune("tests/harness/run.luau", args, {
		timeoutSeconds,
		onOutput: (chunk) => {
			output = (output + chunk).slice(-4096);
		},
	});
	const found = [...output.matchAll(/(\d+) passed, (\d+) failed, (\d+) skipped/g)].pop();
	if (found && code === 0) summary = found[0];
	else if (found) summary = `${found[1]} passed, ${Math.max(Number(found[2]), 1)} failed, ${found[3]} skipped`;
}
console.log(summary);
process.exit(code === 0 ? 0 : 1);
