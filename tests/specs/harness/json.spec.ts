// HttpService:JSONEncode / JSONDecode follow the rules the engine reference states.
import { HttpService } from "@rbxts/services";

export = () => {
	describe("JSONEncode", () => {
		it("writes an empty table as an empty array", () => {
			expect(HttpService.JSONEncode({})).to.equal("[]");
		});

		it("writes a table with array and string keys as the array, dropping the string keys", () => {
			const mixed = [1, 2] as unknown as Record<string, unknown>;
			mixed.name = "x";
			expect(HttpService.JSONEncode(mixed)).to.equal("[1,2]");
		});

		it("writes objects with escaped strings, integers, fractions and booleans", () => {
			const text = HttpService.JSONEncode({ a: 'say "hi"\n', b: 1712345678, c: 0.1, d: true });
			expect(text).to.equal('{"a":"say \\"hi\\"\\n","b":1712345678,"c":0.1,"d":true}');
		});

		it("refuses a cyclic table", () => {
			const cyclic: Record<string, unknown> = {};
			cyclic.self = cyclic;
			expect(() => HttpService.JSONEncode(cyclic)).to.throw("cyclic");
		});

		it("refuses a function", () => {
			expect(() => HttpService.JSONEncode({ f: () => 1 })).to.throw("JSON");
		});
	});

	describe("JSONDecode", () => {
		it("turns null into a missing key", () => {
			const value = HttpService.JSONDecode('{"a":null,"b":2}') as Record<string, unknown>;
			expect(value.a).to.equal(undefined);
			expect(value.b).to.equal(2);
		});

		it("decodes nested arrays, unicode escapes and exponents", () => {
			const value = HttpService.JSONDecode('{"list":[1,[2,3]],"name":"caf\\u00e9","big":1.5e3}') as {
				list: [number, [number, number]];
				name: string;
				big: number;
			};
			expect(value.list[1][1]).to.equal(3);
			expect(value.name).to.equal("café");
			expect(value.big).to.equal(1500);
		});

		it("decodes strings with escapes among plain text, and literals", () => {
			const value = HttpService.JSONDecode('{"path":"a\\\\b\\/c","quote":"say \\"hi\\"\\n","yes":true,"no":false,"none":null}') as {
				path: string;
				quote: string;
				yes: boolean;
				no: boolean;
				none?: unknown;
			};
			expect(value.path).to.equal("a\\b/c");
			expect(value.quote).to.equal('say "hi"\n');
			expect(value.yes).to.equal(true);
			expect(value.no).to.equal(false);
			expect(value.none).to.equal(undefined);
		});

		it("raises Can't parse JSON on bad input", () => {
			expect(() => HttpService.JSONDecode('"unterminated')).to.throw("Can't parse JSON");
			expect(() => HttpService.JSONDecode("tru")).to.throw("Can't parse JSON");
			expect(() => HttpService.JSONDecode("{not json")).to.throw("Can't parse JSON");
			expect(() => HttpService.JSONDecode('{"a":1} trailing')).to.throw("Can't parse JSON");
		});
	});
};
