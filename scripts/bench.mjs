// npm run bench [-- --json] [--seed N]
// Prints RankBridge's figures beside a naive client's, from the same simulated scenario.
import { compile, parseArgs, runLune } from "./lib.mjs";

const options = parseArgs(process.argv.slice(2));
const args = [];
if (options.json) args.push("--json");
if (options.seed !== undefined) args.push("--seed", String(options.seed));
if (compile() !== 0) process.exit(1);
process.exit(await runLune("tests/harness/bench.luau", args, { timeoutSeconds: 900 }));
