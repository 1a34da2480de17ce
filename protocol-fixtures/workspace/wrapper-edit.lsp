# An edit that changes what a wrapper function does re-checks its callers in other files, open
# and closed (once the typing pauses), and nothing else: src/list.js and the open caller pass
# no value for their placeholder to `rows`, which src/store.js defines.
root-copy projects/wrapper-edit

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

# The project scan knows `rows` binds its second argument: one value short.
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/list.js","diagnostics":[{"range":"${ANY}","severity":1,"code":"param-count","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/open.js","languageId":"javascript","version":1,"text":"import { rows } from './store';\nrows('SELECT id FROM items WHERE name = ?', []);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.js","version":1,"diagnostics":[{"range":"${ANY}","severity":1,"code":"param-count","source":"sqlheal","message":"${ANY}"}]}}
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/store.js","languageId":"javascript","version":1,"text":"import Database from 'better-sqlite3';\nconst db = new Database('app.db');\nexport function rows(text, values) {\n  return db.prepare(text).all(values);\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/store.js","version":1,"diagnostics":[]}}

# `rows` stops running the SQL it is given: its callers' SQL is no query any more.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/store.js","version":2},"contentChanges":[{"range":{"start":{"line":3,"character":20},"end":{"line":3,"character":24}},"text":"'SELECT 1'"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/store.js","version":2,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.js","version":1,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/list.js","diagnostics":[]}}

# And runs it again: both callers are short of a value again.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/store.js","version":3},"contentChanges":[{"range":{"start":{"line":3,"character":20},"end":{"line":3,"character":30}},"text":"text"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/store.js","version":3,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.js","version":1,"diagnostics":[{"range":"${ANY}","severity":1,"code":"param-count","source":"sqlheal","message":"${ANY}"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/list.js","diagnostics":[{"range":"${ANY}","severity":1,"code":"param-count","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
