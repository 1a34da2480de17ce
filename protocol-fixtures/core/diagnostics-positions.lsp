# Real findings through the whole binary (a raw interpolation needs no schema): the same
# diagnostic lands at UTF-16 columns 60-75 and, for a UTF-8 client, at 62-77 (the emoji before it
# is 2 UTF-16 units but 4 bytes). `data` is sent only to clients with dataSupport.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":"${ANY}"}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/q.js","languageId":"javascript","version":1,
        "text":"// é\nconst rows = db.all(`SELECT '😀' AS e FROM users WHERE id = ${req.query.id}`);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/q.js","version":1,"diagnostics":[
        {"range":{"start":{"line":1,"character":60},"end":{"line":1,"character":75}},
         "severity":2,"code":"raw-interpolation","source":"sqlheal","message":"${ANY}"}]}}

# Typing in front of the query on the same line moves the diagnostic with the text.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/q.js","version":2},"contentChanges":[
        {"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":0}},"text":"/*ü*/ "}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/q.js","version":2,"diagnostics":[
        {"range":{"start":{"line":1,"character":66},"end":{"line":1,"character":81}},
         "severity":2,"code":"raw-interpolation","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
