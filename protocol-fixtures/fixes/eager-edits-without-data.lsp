# A client like Neovim 0.7: code action literals, but no Diagnostic.data, no resolve, no
# documentChanges. The findings are found again by code and range; edits come eagerly as
# `changes`; source actions are listed only when `only` asks for them.
root projects/fixes
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{
        "textDocument":{"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix","source"]}}}},
        "workspace":{"applyEdit":true}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"codeActionProvider":{"codeActionKinds":["quickfix","source.fixAll.sqlheal"],"resolveProvider":true},"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js","languageId":"javascript","version":1,
        "text":"export function sessionById(db, sessionId) {\n  return db.get('SELECT id FROM sessions WHERE id = ' + sessionId);\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/sessions.js","version":1,"diagnostics":[
          {"range":{"start":{"line":1,"character":56},"end":{"line":1,"character":65}},"severity":2,"code":"raw-interpolation","source":"sqlheal","message":"${ANY}"}]}}

# The diagnostic as the client holds it (no data): the fix comes with its edit.
send {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js"},
        "range":{"start":{"line":1,"character":60},"end":{"line":1,"character":60}},
        "context":{"diagnostics":[{"range":{"start":{"line":1,"character":56},"end":{"line":1,"character":65}},"severity":2,"code":"raw-interpolation","source":"sqlheal","message":"m"}]}}}
expect {"jsonrpc":"2.0","id":2,"result":[
          {"title":"Bind sessionId as a parameter instead of splicing it into the SQL","kind":"quickfix",
           "diagnostics":[{"range":{"start":{"line":1,"character":56},"end":{"line":1,"character":65}},"severity":2,"code":"raw-interpolation","source":"sqlheal","message":"m"}],
           "edit":{"changes":{"${ROOT_URI}/src/sessions.js":[
             {"range":{"start":{"line":1,"character":52},"end":{"line":1,"character":65}},"newText":"?'"},
             {"range":{"start":{"line":1,"character":65},"end":{"line":1,"character":65}},"newText":", [sessionId]"}]}}}]}

# Asked for source actions: fix-all with its edit.
send {"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"${ROOT_URI}/src/sessions.js"},
        "range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[],"only":["source"]}}}
expect {"jsonrpc":"2.0","id":3,"result":[{"title":"Fix all sqlheal issues in this file","kind":"source.fixAll.sqlheal",
          "edit":{"changes":{"${ROOT_URI}/src/sessions.js":[
            {"range":{"start":{"line":1,"character":52},"end":{"line":1,"character":65}},"newText":"?', [sessionId]"}]}}}]}

send {"jsonrpc":"2.0","id":4,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":4,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
