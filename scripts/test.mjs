// npm test [-- --filter <pattern>] [--no-build] [--no-lint] [--timeout <seconds>]
// Compiles; builds what people install (the model, the Wally package folder, the npm tarball,
// each checked by specs) and a roblox-ts game compiled against the tarball with the README's
// TypeScript snippets in it; runs every spec under Lune; ends with "N passed, N failed, N skipped".
// A crash, a hang past the timeout or a build failure counts as "0 passed, 1 failed". A whole run
// (no --filter) then runs `npm run lint`; if it fails, that counts as one more failure.
import { spawnSync } from "node:child_process";
import { buildConsumer } from "./consumer.mjs";
import { buildModel, buildWally, compile, compilePackage, packNpm, parseArgs, root, runLune } from "./lib.mjs";
import { writeSurface } from "./surface.mjs";

const options = parseArgs(process.argv.slice(2));
// The suite takes about 10 minutes on a quiet 2-core machine and twice that on a busy one: the limit
// is for a hang, not for a slow machine.
const timeoutSeconds = Number(options.timeout ?? 3000);

let summary = "0 passed, 1 failed, 0 skipped";
let code = options["no-build"] ? 0 : compile();
if (code !== 0) {
	console.error("[test] rbxtsc failed");
} else if (!options["no-build"] && (code = await buildModel()) !== 0) {
	console.error("[test] building build/RankBridge.rbxm failed");
} else if (!options["no-build"] && (code = compilePackage()) !== 0) {
	console.error("[test] building the npm package (lib/) failed");
} else {
	if (!options["no-build"]) {
		// The public API as TypeScript declares it, for the spec that checks the typed Luau face.
		writeSurface(root);
		buildWally();
		// No registry needed: the tarball installs with this repository's dependencies.
		const consumer = buildConsumer(packNpm());
		if (!consumer.ok) console.error(`[test] the roblox-ts game using the npm package did not compile (a spec says why)`);
	}
	const args = typeof options.filter === "string" ? ["--filter", options.filter] : [];
	// The runner's last summary line, wherever it falls: warnings printed after it (a spec's
	// threads still ending) must not push it out of what is read.
	let found;
	let stdoutLine = "";
	const findSummary = (lines) => {
		for (const line of lines) found = line.match(/(\d+) passed, (\d+) failed, (\d+) skipped/) ?? found;
	};
	// Lune's scheduler survives a panic (it drops the one resumption), so the run would go on and
	// pass; a panic means the engine stand-in let Lune do something Roblox would not, so it fails.
	let panics = 0;
	// An error raised in a thread the engine runs (a spawned, deferred or delayed function, a
	// signal's handler) fails no spec: as Roblox prints it to the output and goes on, Lune prints
	// it ("<message>", then "[Stack Begin]" ... "[Stack End]") and the run goes on. Each one fails
	// the run, unless its message says a spec expected it ("(expected: " and why).
	const threadErrors = [];
	let sinceStack = [];
	let partialLine = "";
	const countErrors = (lines) => {
		for (const line of lines) {
			if (line.includes("panicked at ")) panics += 1;
			if (line === "[Stack Begin]") {
				if (!sinceStack.some((seen) => seen.includes("(expected: "))) threadErrors.push(sinceStack.at(-1) ?? "(no message)");
				sinceStack = [];
			} else if (line === "[Stack End]") sinceStack = [];
			else if (line.trim() !== "") sinceStack = [...sinceStack.slice(-2), line];
		}
	};
	code = await runLune("tests/harness/run.luau", args, {
		timeoutSeconds,
		onOutput: (chunk) => {
			const lines = (stdoutLine + chunk).split("\n");
			stdoutLine = lines.pop();
			findSummary(lines);
		},
		onErrorOutput: (chunk) => {
			const lines = (partialLine + chunk).split("\n");
			partialLine = lines.pop();
			countErrors(lines);
		},
	});
	countErrors([partialLine]);
	findSummary([stdoutLine]);
	if (panics > 0) {
		console.error(`[test] Lune panicked ${panics} time(s) (see "panicked at" above)`);
		if (code === 0) code = 1;
	}
	if (threadErrors.length > 0) {
		console.error(`[test] ${threadErrors.length} error(s) raised in threads the engine ran, which no spec expected (see "[Stack Begin]" above):`);
		for (const message of threadErrors) console.error(`  ${message}`);
		if (code === 0) code = 1;
	}
	if (found && code === 0) summary = found[0];
	else if (found) summary = `${found[1]} passed, ${Math.max(Number(found[2]), 1)} failed, ${found[3]} skipped`;
}
if (typeof options.filter !== "string" && !options["no-lint"]) {
	const lint = spawnSync("npm", ["run", "--silent", "lint"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
	if (lint.status !== 0) {
		console.error("[test] npm run lint failed: `npm run format` fixes layout; ESLint's findings above need fixing by hand");
		const [, passed, failed, skipped] = summary.match(/(\d+) passed, (\d+) failed, (\d+) skipped/);
		summary = `${passed} passed, ${Number(failed) + 1} failed, ${skipped} skipped`;
		code = 1;
	}
}
console.log(summary);
process.exit(code === 0 ? 0 : 1);
