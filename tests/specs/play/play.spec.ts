// `npm run play`: a game's own server Script, unchanged, run with the built model against the
// emulator through a scenario of players, chat and time. Here the example game server
// (examples/GameServer.server.luau) plays short scenarios inside this test server.
import { Harness } from "../helpers/harness";

const GAME = "examples/GameServer.server.luau";

function has(lines: ReadonlyArray<string>, text: string): boolean {
	return lines.some((line) => line.find(text, 1, true)[0] !== undefined);
}

export = () => {
	it("runs the script against the demo group: what it printed, what a player saw, what RankGun recorded", () => {
		const [ok, lines] = Harness.play(
			GAME,
			`# an officer promotes a member by chat
join Kendall Casey
chat Kendall /promote casey
until rank Casey 20
leave everyone`,
		);
		expect(ok).to.equal(true);
		expect(has(lines, "  game  | [game] RankBridge is on: attendance for Training sessions")).to.equal(true);
		expect(has(lines, "-- KendallFox types: /promote casey")).to.equal(true);
		expect(has(lines, "  KendallFox sees | [RankBridge] Promoted CaseyMarsh (Casey): rank 10 → 20.")).to.equal(true);
		// A command queues the absolute rank it worked out when it was typed (a setRank).
		expect(has(lines, '  rankgun | setrank CaseyMarsh: rank 10 -> 20 ("Chat command by KendallFox')).to.equal(true);
		expect(has(lines, "  game  | [audit] setRank CaseyMarsh: rank 10 → 20, by KendallFox")).to.equal(true);
		expect(has(lines, "     CaseyMarsh    20 (was 10)")).to.equal(true);
		expect(has(lines, "-- the server shuts down (BindToClose)")).to.equal(true);
	});

	it("stops, and says where, when an awaited change does not happen in time", () => {
		const [ok, lines] = Harness.play(GAME, "join Avery\nuntil rank Avery 30 within 0.2");
		expect(ok).to.equal(false);
		expect(has(lines, `-- scenario:2: "until rank Avery 30 within 0.2" did not happen within 0.2 s; stopping`)).to.equal(true);
	});

	it("refuses a scenario step it does not know, naming the line, before anything runs", () => {
		const before = Harness.httpLog().size();
		const [ok, problem] = pcall(() => Harness.play(GAME, "join Avery\ndance Avery"));
		expect(ok).to.equal(false);
		expect(tostring(problem).find('scenario:2: unknown step "dance"', 1, true)[0]).to.be.ok();
		expect(Harness.httpLog().size()).to.equal(before);
	});
};
