# A repair without consent (issue 16): picking "Change column …" from a code-action menu must not
# rebuild a table at once. The action's command carries no confirmation (origin codeAction); the
# server asks through window/showMessageRequest, naming the database's full path and the effect,
# and writes nothing on Cancel. Even a client that adds "confirmed": true to a code action's
# command is asked. (A copy of the project: a bug here must not rebuild the repository's database.)
root-copy projects/fixes
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{
        "textDocument":{"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix"]}}}},
        "window":{"showMessage":{"messageActionItem":{"additionalPropertiesSupport":false}}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":"${ANY}","serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js","languageId":"javascript","version":1,
        "text":"export function sessionsForUser(db, userId) {\n  return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/sessions.js","version":1,"diagnostics":[
          {"range":"${ANY}","severity":2,"code":"raw-interpolation","source":"sqlheal","message":"${ANY}"},
          {"range":"${ANY}","severity":2,"code":"type-mismatch","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js"},
        "range":{"start":{"line":1,"character":60},"end":{"line":1,"character":60}},"context":{"diagnostics":[]}}}
expect {"jsonrpc":"2.0","id":2,"result":[
          {"title":"Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT","kind":"quickfix","diagnostics":"${ANY}","edit":"${ANY}"},
          {"title":"Change column sessions.user_id from TEXT to INTEGER (rebuilds table sessions after a backup)","kind":"quickfix","diagnostics":"${ANY}",
           "command":{"title":"Change column sessions.user_id from TEXT to INTEGER (rebuilds table sessions after a backup)","command":"sqlheal.repairSchema",
                      "arguments":[{"only":["change-column-type:sessions.user_id:INTEGER"],"origin":"codeAction","root":"${ROOT_URI}"}]}}]}

# The client runs the action's command as it came: the server asks first.
send {"jsonrpc":"2.0","id":3,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema",
        "arguments":[{"only":["change-column-type:sessions.user_id:INTEGER"],"origin":"codeAction","root":"${ROOT_URI}"}]}}
expect {"jsonrpc":"2.0","id":"${SAVE:question}","method":"window/showMessageRequest","params":{"type":2,
          "message":"sqlheal: apply 1 schema repair step to the database ${ROOT}/data/app.db? change column sessions.user_id to INTEGER (rebuilds table sessions) [change-column-type:sessions.user_id:INTEGER]. A verified backup is made first.",
          "actions":[{"title":"Apply"},{"title":"Cancel"}]}}
send {"jsonrpc":"2.0","id":"${LOAD:question}","result":{"title":"Cancel"}}
expect {"jsonrpc":"2.0","id":3,"result":{"applied":false,"message":"not confirmed: nothing was changed","steps":"${ANY}","skipped":[],"script":"${ANY}",
          "database":"${ROOT}/data/app.db","outsideProject":false}}

# A code action's command that claims to be confirmed is still asked about; dismissing the
# question (a null answer) applies nothing.
send {"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema",
        "arguments":[{"only":["change-column-type:sessions.user_id:INTEGER"],"origin":"codeAction","confirmed":true}]}}
expect {"jsonrpc":"2.0","id":"${SAVE:again}","method":"window/showMessageRequest","params":{"type":2,"message":"sqlheal: apply 1 schema repair step to the database ${ROOT}/data/app.db? ${ANY}","actions":"${ANY}"}}
send {"jsonrpc":"2.0","id":"${LOAD:again}","result":null}
expect {"jsonrpc":"2.0","id":4,"result":{"applied":false,"message":"not confirmed: nothing was changed","steps":"${ANY}","skipped":[],"script":"${ANY}",
          "database":"${ROOT}/data/app.db","outsideProject":false}}

# Nothing was written: the step is still planned.
send {"jsonrpc":"2.0","id":5,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"dryRun":true}]}}
expect {"jsonrpc":"2.0","id":5,"result":{"applied":false,"message":"dry run: nothing was changed","skipped":[],"script":"${ANY}",
          "database":"${ROOT}/data/app.db","outsideProject":false,
          "steps":[{"id":"change-column-type:sessions.user_id:INTEGER","kind":"change-column-type","table":"sessions","column":"user_id","sql":"${ANY}","source":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":6,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":6,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
