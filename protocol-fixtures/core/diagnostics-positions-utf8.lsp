# The same finding as diagnostics-positions.lsp for a client that offers only UTF-8 and
# supports Diagnostic.data: columns are bytes, and data lets code actions find the finding.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{
        "general":{"positionEncodings":["utf-8"]},
        "textDocument":{"publishDiagnostics":{"dataSupport":true,"relatedInformation":true}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"positionEncoding":"utf-8","${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/q.js","languageId":"javascript","version":1,
        "text":"// é\nconst rows = db.all(`SELECT '😀' AS e FROM users WHERE id = ${req.query.id}`);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/q.js","version":1,"diagnostics":[
        {"range":{"start":{"line":1,"character":62},"end":{"line":1,"character":77}},
         "severity":2,"code":"raw-interpolation","source":"sqlheal","message":"${ANY}",
         "data":{"code":"raw-interpolation","byteStart":68,"byteEnd":83,"version":1}}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
