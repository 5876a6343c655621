// npm run emulator -- [--port P] [--key K]
// The service emulator on 127.0.0.1:P (default 8787) with a seeded demo world whose RankGun
// API key is K (default "demo-rankgun-key"). Runs until stopped (Ctrl+C).
import { compile, parseArgs, runLune } from "./lib.mjs";

const options = parseArgs(process.argv.slice(2));
const args = [];
if (options.port !== undefined) args.push("--port", String(options.port));
if (options.key !== undefined) args.push("--key", String(options.key));
if (compile() !== 0) process.exit(1);
process.exit(await runLune("tests/harness/emulator.luau", args));
