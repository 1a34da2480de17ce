// Statement-position edge cases: blocks, ASI, regex after }, labels, getters.
function a() {}
/regex-after-function-declaration/.test('x');

if (true) {
  console.log('in block');
}
/regex-after-if-block/g.exec("y");

const o = {
  get query() { return 'SELECT 1'; },
  set query(v) { this._q = v; },
  exec: 'exec',
};
const divided = { valueOf() { return 4; } } / 2;

try {
  JSON.parse('{"a": 1}');
} catch {
  // ignore
} finally {
  `finally ${'done'}`;
}

let x = 1
let y = x
/2/i.test('2')
const z = y
++x

do { x-- } while (x > 0)
/after-do-while/.test('');

const arrow = () => {}
const t = `${() => { return '}'; }}`;
const nested = { a: { b: { c: `${{ d: '}' }.d}` } } };
const s1 = 'a' + "b" + `c`;
const n = 5 / 2 /
  1;
export { divided, arrow, t, nested, s1, n, o, z };
