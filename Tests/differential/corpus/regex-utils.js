// Utilities full of regular expressions and divisions.
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const QUOTES = /['"`]/g;
export const CLASS_WITH_SLASH = /[/\]]+/;
export const ESCAPED = /\/\*[\s\S]*?\*\//g;

export function ratio(a, b) { return a / b; }
export function halves(list) { return list.map((x) => x / 2).filter((x) => x / 1 > 0); }
export function parse(text) {
  const parts = text.split(/\s*,\s*/);
  const n = parts.length / 2 / 3;
  let i = 0;
  i++ / 2;
  const obj = { a: 1 } / 2;
  if (n > 1) /foo`bar/.test(text);
  return [parts, n, obj, `count: ${parts.length / 2}`, typeof /x/, void /y/];
}
export function strip(sql) {
  return sql.replace(/--.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, "");
}
const a = [1, 2] / 2, b = (3) / 4;
const c = x => x / 2;
label: for (const ch of 'abc') { if (ch === 'b') break label; }
const tpl = `a ${ `b ${ 'c' } ` } d`;
const div = tpl.length / 2 /* comment */ / 3;
const unicode = '\u{1F600} \x41 \u0042 \
continued';
const emoji = "😀 'quoted' \"double\"";
