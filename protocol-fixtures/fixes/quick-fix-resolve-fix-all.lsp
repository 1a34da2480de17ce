# The seed's quick fix over the wire, with a client that resolves edits lazily (VS Code-like):
# one action on both diagnostics (type-mismatch and raw-interpolation), resolved into
# documentChanges; the schema alternative runs exactly one repair step; source.fixAll only when
# asked; sqlheal.fixAll applies every safe fix through workspace/applyEdit.
root projects/fixes
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{
        "textDocument":{"publishDiagnostics":{"dataSupport":true},
                        "codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix","source"]}},
                                      "dataSupport":true,"resolveSupport":{"properties":["edit"]},"isPreferredSupport":true}},
        "workspace":{"applyEdit":true,"workspaceEdit":{"documentChanges":true}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{
          "codeActionProvider":{"codeActionKinds":["quickfix","source.fixAll.sqlheal"],"resolveProvider":true},
          "executeCommandProvider":{"commands":"${ANY}"},
          "${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js","languageId":"javascript","version":1,
        "text":"export function sessionsForUser(db, userId) {\n  return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);\n}\nexport function sessionById(db, sessionId) {\n  return db.get('SELECT id FROM sessions WHERE id = ' + sessionId);\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/sessions.js","version":1,"diagnostics":[
          {"range":{"start":{"line":1,"character":56},"end":{"line":1,"character":75}},"severity":2,"code":"raw-interpolation","source":"sqlheal","message":"${ANY}","data":"${SAVE:rawData}"},
          {"range":{"start":{"line":1,"character":58},"end":{"line":1,"character":74}},"severity":2,"code":"type-mismatch","source":"sqlheal","message":"${ANY}","data":"${SAVE:mismatchData}"},
          {"range":{"start":{"line":4,"character":56},"end":{"line":4,"character":65}},"severity":2,"code":"raw-interpolation","source":"sqlheal","message":"${ANY}","data":"${ANY}"}]}}

# Quick fixes on the seed: the preferred fix first, lazy (data, no edit), on both diagnostics.
send {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js"},
        "range":{"start":{"line":1,"character":58},"end":{"line":1,"character":58}},
        "context":{"diagnostics":[
          {"range":{"start":{"line":1,"character":56},"end":{"line":1,"character":75}},"severity":2,"code":"raw-interpolation","source":"sqlheal","message":"m","data":"${LOAD:rawData}"},
          {"range":{"start":{"line":1,"character":58},"end":{"line":1,"character":74}},"severity":2,"code":"type-mismatch","source":"sqlheal","message":"m","data":"${LOAD:mismatchData}"}],
          "triggerKind":1}}}
expect {"jsonrpc":"2.0","id":2,"result":[
          {"title":"Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT","kind":"quickfix","isPreferred":true,
           "diagnostics":[{"code":"raw-interpolation","${EXTRA}":true},{"code":"type-mismatch","${EXTRA}":true}],
           "data":{"sqlheal":"fix","uri":"${ROOT_URI}/src/sessions.js","version":1,"code":"raw-interpolation","byteStart":"${ANY}","byteEnd":"${ANY}",
                   "title":"Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT"}},
          {"title":"Change column sessions.user_id from TEXT to INTEGER (rebuilds table sessions after a backup)","kind":"quickfix",
           "diagnostics":[{"code":"type-mismatch","${EXTRA}":true}],
           "command":{"title":"Change column sessions.user_id from TEXT to INTEGER (rebuilds table sessions after a backup)","command":"sqlheal.repairSchema",
                      "arguments":[{"only":["change-column-type:sessions.user_id:INTEGER"],"origin":"codeAction","root":"${ROOT_URI}"}]}}]}

# Resolve fills in the edit: the placeholder, and the value array after the template.
send {"jsonrpc":"2.0","id":3,"method":"codeAction/resolve","params":{"title":"Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT","kind":"quickfix",
        "data":{"sqlheal":"fix","uri":"${ROOT_URI}/src/sessions.js","version":1,"code":"type-mismatch","byteStart":104,"byteEnd":120,
                "title":"Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT"}}}
expect {"jsonrpc":"2.0","id":3,"result":{"title":"Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT","kind":"quickfix",
          "data":"${ANY}",
          "edit":{"documentChanges":[{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js","version":1},"edits":[
            {"range":{"start":{"line":1,"character":56},"end":{"line":1,"character":75}},"newText":"?"},
            {"range":{"start":{"line":1,"character":76},"end":{"line":1,"character":76}},"newText":", [userId]"}]}]}}}

# Source actions only when asked: fix-all, lazy too.
send {"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js"},
        "range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[],"only":["source.fixAll"]}}}
expect {"jsonrpc":"2.0","id":4,"result":[{"title":"Fix all sqlheal issues in this file","kind":"source.fixAll.sqlheal",
          "data":{"sqlheal":"fixAll","uri":"${ROOT_URI}/src/sessions.js","version":1}}]}

# sqlheal.fixAll: every safe fix, one workspace/applyEdit, then the result.
send {"jsonrpc":"2.0","id":5,"method":"workspace/executeCommand","params":{"command":"sqlheal.fixAll","arguments":[{"uri":"${ROOT_URI}/src/sessions.js"}]}}
expect {"jsonrpc":"2.0","id":"${SAVE:applyEdit}","method":"workspace/applyEdit","params":{"label":"sqlheal: fix all","edit":{"documentChanges":[
          {"textDocument":{"uri":"${ROOT_URI}/src/sessions.js","version":1},"edits":[
            {"range":{"start":{"line":1,"character":56},"end":{"line":1,"character":76}},"newText":"?`, [userId]"},
            {"range":{"start":{"line":4,"character":52},"end":{"line":4,"character":65}},"newText":"?', [sessionId]"}]}]}}}
send {"jsonrpc":"2.0","id":"${LOAD:applyEdit}","result":{"applied":true}}
expect {"jsonrpc":"2.0","id":5,"result":{"applied":true,"fixes":2}}

send {"jsonrpc":"2.0","id":6,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":6,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
