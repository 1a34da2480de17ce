# With no positionEncodings offered, positions count UTF-16 code units: the emoji is 2, é is 1.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"general":{"positionEncodings":["utf-8","utf-16"]}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"positionEncoding":"utf-16","${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts","languageId":"typescript","version":1,"text":"const s = '😀é';\r\nconst t = 'x';\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/u.ts","version":1,"diagnostics":[]}}
# Characters 11-13 are the emoji; 13-14 is é.
send {"jsonrpc":"2.0","id":2,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts"},"range":{"start":{"line":0,"character":11},"end":{"line":0,"character":13}}}}
expect {"jsonrpc":"2.0","id":2,"result":{"uri":"${ROOT_URI}/u.ts","version":1,"languageId":"typescript","text":"${ANY}","lineCount":3,"positionEncoding":"utf-16","rangeText":"😀","analysed":true,"findingCount":0}}
send {"jsonrpc":"2.0","id":3,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts"},"range":{"start":{"line":0,"character":13},"end":{"line":0,"character":14}}}}
expect {"jsonrpc":"2.0","id":3,"result":{"rangeText":"é","${EXTRA}":true}}

# Replace é (UTF-16 13-14) with ü; the CRLF stays.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":13},"end":{"line":0,"character":14}},"text":"ü"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/u.ts","version":2,"diagnostics":[]}}
send {"jsonrpc":"2.0","id":4,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/u.ts"}}}
expect {"jsonrpc":"2.0","id":4,"result":{"text":"const s = '😀ü';\r\nconst t = 'x';\n","version":2,"${EXTRA}":true}}

send {"jsonrpc":"2.0","id":5,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":5,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
