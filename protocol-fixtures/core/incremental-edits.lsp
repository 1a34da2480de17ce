# Incremental sync: changes apply in order, a change without a range replaces everything,
# an impossible range is clamped (and logged), never a crash; versions are published in order.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":"${ANY}"}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/e.js","languageId":"javascript","version":1,"text":"line one\nline two\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/e.js","version":1,"diagnostics":[]}}

# Three changes in one notification, each against the result of the previous one.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/e.js","version":2},"contentChanges":[
        {"range":{"start":{"line":0,"character":5},"end":{"line":0,"character":8}},"text":"1"},
        {"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":0}},"text":"inserted\n"},
        {"range":{"start":{"line":2,"character":5},"end":{"line":2,"character":8}},"text":"2"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/e.js","version":2,"diagnostics":[]}}
send {"jsonrpc":"2.0","id":2,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/src/e.js"}}}
expect {"jsonrpc":"2.0","id":2,"result":{"text":"line 1\ninserted\nline 2\n","version":2,"lineCount":4,"${EXTRA}":true}}

# A range past the end of the text is clamped to the end.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/e.js","version":3},"contentChanges":[
        {"range":{"start":{"line":40,"character":0},"end":{"line":41,"character":9}},"text":"tail"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/e.js","version":3,"diagnostics":[]}}
send {"jsonrpc":"2.0","id":3,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/src/e.js"}}}
expect {"jsonrpc":"2.0","id":3,"result":{"text":"line 1\ninserted\nline 2\ntail","version":3,"${EXTRA}":true}}

# No range: the whole text.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/e.js","version":4},"contentChanges":[{"text":"fresh"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/e.js","version":4,"diagnostics":[]}}
send {"jsonrpc":"2.0","id":4,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/src/e.js"}}}
expect {"jsonrpc":"2.0","id":4,"result":{"text":"fresh","version":4,"${EXTRA}":true}}

send {"jsonrpc":"2.0","id":5,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":5,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
