# The schema exists only as DDL the code runs, in another file than the query: the server finds
# it without configuration, checks against it, and `sqlheal.showSchema` says where each table
# came from.
root projects/schema-in-code

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","workspaceFolders":[{"uri":"${ROOT_URI}","name":"schema-in-code"}],"capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/notes.ts","languageId":"typescript","version":1,"text":"export const pinned = (db) => db.prepare('SELECT body FROM notes WHERE pinnd = 1').all();\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/notes.ts","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":71},"end":{"line":0,"character":76}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"sqlheal.showSchema","arguments":[{"uri":"${ROOT_URI}/src/notes.ts"}]}}
expect {"jsonrpc":"2.0","id":2,"result":{"root":"${ROOT}","sources":[{"kind":"code","path":"src/db/migrate.ts"}],"tables":[{"name":"notes","kind":"table","columns":[{"name":"id","type":"INTEGER"},{"name":"body","type":"TEXT"},{"name":"pinned","type":"INTEGER"}],"declaredAt":"src/db/migrate.ts:3"}]}}

send {"jsonrpc":"2.0","id":3,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":3,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
