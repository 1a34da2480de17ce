# A project that runs SQL but has no schema anywhere: one window/showMessage says what was looked
# for and how to configure it; queries are then checked for syntax only (no missing-table or
# missing-column against an empty schema).
root projects/no-schema

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","workspaceFolders":[{"uri":"${ROOT_URI}","name":"no-schema"}],"capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":2,"message":"sqlheal: no-schema: no schema found ${ANY} Set \"database\", \"migrations\" or \"schema\" in sqlheal.json to say where it is"}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/report.js","languageId":"javascript","version":1,"text":"export const names = (db) => db.all('SELECT nme FROM users');\nexport const broken = (db) => db.all('SELEC id FROM users');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/report.js","version":1,"diagnostics":[{"range":"${ANY}","severity":1,"code":"sql-syntax","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"sqlheal.showSchema","arguments":[{"uri":"${ROOT_URI}/src/report.js"}]}}
expect {"jsonrpc":"2.0","id":2,"result":{"root":"${ROOT}","sources":[],"tables":[]}}

send {"jsonrpc":"2.0","id":3,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":3,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
