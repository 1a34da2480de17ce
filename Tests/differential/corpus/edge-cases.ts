// Lexical edge cases tree-sitter and our scanner must agree on.
const a = '';
const b = "";
const c = ``;
const d = '\'';
const e = "\"";
const f = `\``;
const g = `\${not a hole}`;
const h = `$`;
const i = `${'$'}{}`;
const j = `a${`b${`c${'d'}`}`}`;
const k = { '}': '{', "`": '`' };
const l = x ? `yes` : "no";
const m = `line1
line2 ${"x"} line3`;
const n = a.length / b.length / 2;
const o = [`/`, '/', "/"];
const p = 1_000 / 10;
const q = 0xff / 0b1 / 0o7 / 1e3 / .5;
const r = 10n;
class S { #x = 'private'; get x() { return this.#x; } static #y = `${1}`; }
const t = (async () => await Promise.resolve('ok'))();
const u = a?.length ?? 'none';
const v = <const>['as', 'const'];
const w = { get: 'get', set: "set", query: `query` };
const x2 = function* () { yield /re/; yield 'str'; };
const y = typeof 'x' === 'string' ? 'str' : `other`;
const z = /[`'"]/.source + '`' + "'";
export default { a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, t, u, v, w, x2, y, z };
