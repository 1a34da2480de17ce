# The project's own query functions, with no configuration: DB.queryAsync rewrites only its
# placeholders (a null value's `= ?` becomes `IS NULL`), so its callers are held to plain SQLite;
# DB.rowQueryAsync wraps it, and src/store.js wraps that from another file. SQL built in
# variables (`+=` on some paths, an array of pieces pushed and joined, a ternary) is checked path
# by path.
root projects/wrappers

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

# The project scan: in the closed src/items.js, the path that adds `AND itemID>?` binds one value
# for two placeholders, and a syntax error in a call of the wrapper.
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/items.js","diagnostics":[{"range":{"start":{"line":6,"character":28},"end":{"line":6,"character":34}},"severity":1,"code":"param-count","source":"sqlheal","message":"The statement has 2 placeholders but 1 value is bound."},{"range":{"start":{"line":8,"character":56},"end":{"line":8,"character":61}},"severity":1,"code":"sql-syntax","source":"sqlheal","message":"SQLite cannot parse this statement: near \"items\": syntax error"}]}}

# An open document calling the wrapper of a wrapper of a wrapper: the ternary's second branch
# misspells a column, and a call binds no value for its placeholder.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/open.js","languageId":"javascript","version":1,"text":"import { firstItem } from './store';\nexport async function find(key, desc) {\n  const parts = ['SELECT itemID FROM items', 'WHERE key = ?'];\n  parts.push(desc ? 'ORDER BY itemID DESC' : 'ORDER BY itemIDD');\n  return firstItem(parts.join(' '), [key]);\n}\nexport const none = () => firstItem('SELECT itemID FROM items WHERE key = ?', []);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.js","version":1,"diagnostics":[{"range":{"start":{"line":3,"character":55},"end":{"line":3,"character":62}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"},{"range":{"start":{"line":6,"character":78},"end":{"line":6,"character":80}},"severity":1,"code":"param-count","source":"sqlheal","message":"The statement has 1 placeholder but 0 values are bound."}]}}

# A builder of 24 paths (a three-branch chain, three optional filters, one splicing a table
# name known only at run time): the path taking every `if` is judged for names, one path per
# other branch for table names, and the run-time table is a stand-in, so the misspelt tables
# of two branches and the misspelt column of a filter are all reported (qualified: an unqualified
# one might be a column of the run-time table).
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/within.js","languageId":"javascript","version":1,"text":"export async function within(libraryID, tmpTable, a, b) {\n  var sql = \"SELECT itemID FROM items \";\n  if (libraryID) sql += \"JOIN itemz ON itemz.itemID = items.itemID WHERE libraryID = ? \";\n  else if (a) sql += \"JOIN librariez USING (libraryID) WHERE 1 \";\n  else sql += \"WHERE 1 \";\n  if (tmpTable) sql += \"AND itemID IN (SELECT itemID FROM \" + tmpTable + \") \";\n  if (a) sql += \"AND key = 'a' \";\n  if (b) sql += \"AND items.kee = 'b' \";\n  return DB.queryAsync(sql, [libraryID]);\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/within.js","version":1,"diagnostics":[{"range":{"start":{"line":2,"character":30},"end":{"line":2,"character":35}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"},{"range":{"start":{"line":3,"character":27},"end":{"line":3,"character":36}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"},{"range":{"start":{"line":7,"character":27},"end":{"line":7,"character":30}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
