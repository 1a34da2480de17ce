const { parentPort } = require('worker_threads');
const sqlite3 = require('sqlite3').verbose();

const LINE = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\s+\[(\w+)\]\s+(.*)$/;
const IP = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const QUOTED = /"([^"\\]|\\.)*"|'([^'\\]|\\.)*'/g;
const db = new sqlite3.Database(':memory:');

db.exec(`
  CREATE TABLE IF NOT EXISTS log_lines (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
    message TEXT
  );
`);

function parse(line) {
  const match = LINE.exec(line);
  if (!match) return null;
  const [, at, level, message] = match;
  const ips = message.match(IP) || [];
  const quoted = message.match(QUOTED) || [];
  return { at, level: level.toLowerCase(), message, ips, quoted, weight: message.length / 80 };
}

let pending = 0
const started = Date.now()
parentPort.on('message', (chunk) => {
  const lines = String(chunk).split(/\r?\n/)
  for (const line of lines) {
    const entry = parse(line)
    if (!entry) continue
    pending++
    db.run('INSERT INTO log_lines (at, level, message) VALUES (?, ?, ?)', [entry.at, entry.level, entry.message], function (err) {
      pending--
      if (err) parentPort.postMessage({ error: err.message })
    })
  }
  const rate = lines.length / ((Date.now() - started) / 1000)
  parentPort.postMessage({ rate: rate.toFixed(2), pending })
})

parentPort.on('close', () => {
  db.all("SELECT level, count(*) AS n FROM log_lines GROUP BY level", (err, rows) => {
    if (err) return console.error('query failed:', err)
    console.table(rows)
    db.close()
  })
})
