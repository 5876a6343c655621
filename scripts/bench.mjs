// npm run bench [-- --json] [--seed N] [--quick] [--shape oneMember|hundredMembers|distinctMembers] [--calls]
// Prints RankBridge's figures beside a naive client's, from the same simulated scenario, with the
// floor (one bare request) measured in the same run. The floor's loopback server runs here, in
// Node, so its work is not counted in Lune's CPU time.
import { createServer } from "node:http";
import { compile, parseArgs, runLune } from "./lib.mjs";
import { installLune } from "./patch-lune.mjs";

const options = parseArgs(process.argv.slice(2));
const args = [];
if (options.json) args.push("--json");
if (options.quick) args.push("--quick");
if (options.seed !== undefined) args.push("--seed", String(options.seed));
// One heap shape alone (a few seconds): prints `SHAPE <bytes per queued action>`.
if (typeof options.shape === "string") args.push("--shape", options.shape);
// What the Promise a call returns costs (a minute): prints a table.
if (options.calls) args.push("--calls");
if (compile() !== 0) process.exit(1);

// What RankGun's setRank answers (its documented fields).
const answer = JSON.stringify({ success: true, oldRank: 10, newRank: 20, username: "FloorMember" });
const server = createServer((request, response) => {
	request.resume();
	request.on("end", () => {
		response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) });
		response.end(answer);
	});
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
args.push("--floor-url", `http://127.0.0.1:${server.address().port}/api/roblox/setrank`, "--lune", installLune());
const code = await runLune("tests/harness/bench.luau", args, { timeoutSeconds: 3600 });
server.close();
process.exit(code);
