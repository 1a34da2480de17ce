# Rename inside SQL: prepareRename names what would change; renaming a column rewrites every
# query of the project (the open TSX file, src/feed.js and src/titles.js from disk) and, since a
# migration declares the column, adds the next migration instead of editing the applied one; an
# alias is renamed within its statement; a name taken by the schema, and a table whose name a
# JavaScript constant supplies (src/titles.js: `FROM ${POSTS}`), are refused with the reason.
root-copy projects/editing
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{
        "textDocument":{"rename":{"prepareSupport":true}},
        "workspace":{"workspaceEdit":{"documentChanges":true,"resourceOperations":["create"]}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"renameProvider":{"prepareProvider":true},"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx","languageId":"typescriptreact","version":1,
        "text":"const Row = () => <li>{db.get(`SELECT p.title FROM posts p WHERE p.author_id = ?`, [id])}</li>;\n"}}}

send {"jsonrpc":"2.0","id":2,"method":"textDocument/prepareRename","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":42}}}
expect {"jsonrpc":"2.0","id":2,"result":{"range":{"start":{"line":0,"character":40},"end":{"line":0,"character":45}},"placeholder":"title"}}

send {"jsonrpc":"2.0","id":3,"method":"textDocument/rename","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":42},"newName":"headline"}}
expect {"jsonrpc":"2.0","id":3,"result":{"documentChanges":[
          {"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx","version":1},"edits":[{"range":{"start":{"line":0,"character":40},"end":{"line":0,"character":45}},"newText":"headline"}]},
          {"textDocument":{"uri":"${ROOT_URI}/src/feed.js","version":null},"edits":[
            {"range":{"start":{"line":0,"character":47},"end":{"line":0,"character":52}},"newText":"headline"},
            {"range":{"start":{"line":0,"character":73},"end":{"line":0,"character":78}},"newText":"headline"}]},
          {"textDocument":{"uri":"${ROOT_URI}/src/titles.js","version":null},"edits":[{"range":{"start":{"line":1,"character":45},"end":{"line":1,"character":50}},"newText":"headline"}]},
          {"kind":"create","uri":"${ROOT_URI}/migrations/002_rename_title_to_headline.sql","options":{"overwrite":false,"ignoreIfExists":false}},
          {"textDocument":{"uri":"${ROOT_URI}/migrations/002_rename_title_to_headline.sql","version":null},"edits":[
            {"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"newText":"ALTER TABLE posts RENAME COLUMN title TO headline;\n"}]}]}}

# An alias: within its statement only.
send {"jsonrpc":"2.0","id":4,"method":"textDocument/rename","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":38},"newName":"post"}}
expect {"jsonrpc":"2.0","id":4,"result":{"documentChanges":[
          {"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx","version":1},"edits":[
            {"range":{"start":{"line":0,"character":38},"end":{"line":0,"character":39}},"newText":"post"},
            {"range":{"start":{"line":0,"character":57},"end":{"line":0,"character":58}},"newText":"post"},
            {"range":{"start":{"line":0,"character":65},"end":{"line":0,"character":66}},"newText":"post"}]}]}}

# A name the table already has, and a table src/titles.js names through a constant.
send {"jsonrpc":"2.0","id":5,"method":"textDocument/rename","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":42},"newName":"author_id"}}
expect {"jsonrpc":"2.0","id":5,"error":{"code":-32602,"message":"sqlheal: table `posts` already has a column named `author_id`"}}
send {"jsonrpc":"2.0","id":6,"method":"textDocument/rename","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":53},"newName":"articles"}}
expect {"jsonrpc":"2.0","id":6,"error":{"code":-32803,"message":"sqlheal: `posts` is named by a JavaScript expression at src/titles.js:2: rename it there, then here"}}
send {"jsonrpc":"2.0","id":7,"method":"textDocument/prepareRename","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":32}}}
expect {"jsonrpc":"2.0","id":7,"error":{"code":-32803,"message":"${ANY}"}}

send {"jsonrpc":"2.0","id":8,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":8,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
