// Issue 4's chaos spec: 4 servers sharing one workspace, 1,000 rank actions, 5% server errors,
// 2% timeouts that did apply the change, a burst of 429s, one server shut down mid-run. Every
// action must be applied exactly once, every final rank right, and throttling under 1%.
// The seed changes every run (and is printed on failure), so repeated runs cover many schedules.
import { runChaos } from "../helpers/chaos";

export = () => {
	it("applies 1,000 actions from 4 servers exactly once through faults and a shutdown", () => {
		const seed = math.floor((os.clock() * 1e6) % 1e9) + 1;
		const result = runChaos({ seed });
		const context = `seed ${seed}: ${result.problems.join("; ")}`;
		expect(`${result.lost} lost ${context}`).to.equal(`0 lost ${context}`);
		expect(`${result.duplicated} duplicated ${context}`).to.equal(`0 duplicated ${context}`);
		expect(`${result.failed} failed ${context}`).to.equal(`0 failed ${context}`);
		expect(`${result.wrongRanks} wrong ranks ${context}`).to.equal(`0 wrong ranks ${context}`);
		expect(result.handedOver > 0).to.equal(true);
		expect(result.throttled / result.requests < 0.01).to.equal(true);
	});
};
