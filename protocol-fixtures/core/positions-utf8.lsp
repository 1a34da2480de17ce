# A client that offers only UTF-8 gets UTF-8: the emoji is 4 units, é is 2.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"general":{"positionEncodings":["utf-8"]}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"positionEncoding":"utf-8","${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts","languageId":"typescript","version":1,"text":"const s = '😀é';\r\nconst t = 'x';\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/u.ts","version":1,"diagnostics":[]}}
send {"jsonrpc":"2.0","id":2,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts"},"range":{"start":{"line":0,"character":11},"end":{"line":0,"character":15}}}}
expect {"jsonrpc":"2.0","id":2,"result":{"rangeText":"😀","positionEncoding":"utf-8","${EXTRA}":true}}
send {"jsonrpc":"2.0","id":3,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts"},"range":{"start":{"line":0,"character":15},"end":{"line":0,"character":17}}}}
expect {"jsonrpc":"2.0","id":3,"result":{"rangeText":"é","${EXTRA}":true}}

send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":15},"end":{"line":0,"character":17}},"text":"ü"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/u.ts","version":2,"diagnostics":[]}}
send {"jsonrpc":"2.0","id":4,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts"}}}
expect {"jsonrpc":"2.0","id":4,"result":{"text":"const s = '😀ü';\r\nconst t = 'x';\n","version":2,"${EXTRA}":true}}

send {"jsonrpc":"2.0","id":5,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":5,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
