# The editor opens the folder above the app (issue 13, one owner of project state): the repair,
# its code actions and the diagnostics' related locations all use the project the diagnostics
# are checked in (apps/shop, with its own database), never the workspace folder, and the repair
# never reads a project of its own. (A copy: a bug here must not rebuild the repository's database.)
root-copy projects/nested-app

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","workspaceFolders":[{"uri":"${ROOT_URI}","name":"nested-app"}],"capabilities":{
        "textDocument":{"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix"]}}},
                        "publishDiagnostics":{"relatedInformation":true}},
        "window":{"showMessage":{"messageActionItem":{"additionalPropertiesSupport":false}}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":"${ANY}","serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

# The related location of a misspelt column is the migration of the app, not a path under the
# workspace folder.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/apps/shop/src/sessions.js","languageId":"javascript","version":1,
        "text":"export function sessionsForUser(db, userId) {\n  return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);\n}\nexport const tokens = (db) => db.all('SELECT tokn FROM sessions');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/apps/shop/src/sessions.js","version":1,"diagnostics":[
          {"range":"${ANY}","severity":2,"code":"raw-interpolation","source":"sqlheal","message":"${ANY}"},
          {"range":"${ANY}","severity":2,"code":"type-mismatch","source":"sqlheal","message":"${ANY}","relatedInformation":"${ANY}"},
          {"range":{"start":{"line":3,"character":45},"end":{"line":3,"character":49}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}",
           "relatedInformation":[{"location":{"uri":"${ROOT_URI}/apps/shop/migrations/1_init.sql","range":{"start":{"line":0,"character":0},"end":{"line":1,"character":0}}},"message":"${ANY}"}]}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/apps/shop/migrations/1_init.sql","diagnostics":[
          {"range":{"start":{"line":0,"character":47},"end":{"line":0,"character":54}},"severity":2,"code":"schema-drift","source":"sqlheal",
           "message":"data/app.db has sessions.user_id TEXT, migrations/1_init.sql:1 declares INTEGER"}]}}

# The code action's repair names the app's folder as its root.
send {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"${ROOT_URI}/apps/shop/src/sessions.js"},
        "range":{"start":{"line":1,"character":60},"end":{"line":1,"character":60}},"context":{"diagnostics":[]}}}
expect {"jsonrpc":"2.0","id":2,"result":[
          {"title":"Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT","kind":"quickfix","diagnostics":"${ANY}","edit":"${ANY}"},
          {"title":"Change column sessions.user_id from TEXT to INTEGER (rebuilds table sessions after a backup)","kind":"quickfix","diagnostics":"${ANY}",
           "command":{"title":"Change column sessions.user_id from TEXT to INTEGER (rebuilds table sessions after a backup)","command":"sqlheal.repairSchema",
                      "arguments":[{"only":["change-column-type:sessions.user_id:INTEGER"],"origin":"codeAction","root":"${ROOT_URI}/apps/shop"}]}}]}

send {"jsonrpc":"2.0","id":3,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema",
        "arguments":[{"only":["change-column-type:sessions.user_id:INTEGER"],"origin":"codeAction","root":"${ROOT_URI}/apps/shop"}]}}
expect {"jsonrpc":"2.0","id":"${SAVE:question}","method":"window/showMessageRequest","params":{"type":2,
          "message":"sqlheal: apply 1 schema repair step to the database ${ROOT}/apps/shop/data/app.db? change column sessions.user_id to INTEGER (rebuilds table sessions) [change-column-type:sessions.user_id:INTEGER]. A verified backup is made first.",
          "actions":[{"title":"Apply"},{"title":"Cancel"}]}}
send {"jsonrpc":"2.0","id":"${LOAD:question}","result":{"title":"Cancel"}}
expect {"jsonrpc":"2.0","id":3,"result":{"applied":false,"message":"not confirmed: nothing was changed","steps":"${ANY}","skipped":[],"script":"${ANY}",
          "database":"${ROOT}/apps/shop/data/app.db","outsideProject":false}}

# A command naming the workspace folder (an older code action, a user's keybinding) means the one
# project inside it: the same database, never the folder read as a project of its own.
send {"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"dryRun":true,"root":"${ROOT_URI}"}]}}
expect {"jsonrpc":"2.0","id":4,"result":{"applied":false,"message":"dry run: nothing was changed","steps":[
          {"id":"change-column-type:sessions.user_id:INTEGER","kind":"change-column-type","table":"sessions","column":"user_id","sql":"${ANY}","source":"${ANY}"}],
          "skipped":[],"script":"${ANY}","database":"${ROOT}/apps/shop/data/app.db","outsideProject":false}}

# Rollback of the same folder looks in the app's history (nothing applied yet).
send {"jsonrpc":"2.0","id":5,"method":"workspace/executeCommand","params":{"command":"sqlheal.rollback","arguments":[{"root":"${ROOT_URI}"}]}}
expect {"jsonrpc":"2.0","id":5,"result":{"restored":false,"historyId":"","message":"${ANY}"}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":2,"message":"sqlheal: rollback refused: ${ANY}"}}

send {"jsonrpc":"2.0","id":6,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":6,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
