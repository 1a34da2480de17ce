-- sqlheal language server for Neovim 0.11+.
--
-- With editors/nvim on the runtimepath, Neovim finds this file as the config named "sqlheal":
--
--   vim.opt.runtimepath:append('/path/to/sqlheal/editors/nvim')
--   vim.lsp.enable('sqlheal')
--
-- Override any field with vim.lsp.config('sqlheal', { ... }) before or after enabling, e.g.
--   vim.lsp.config('sqlheal', { cmd = { '/opt/sqlheal/bin/sqlheal', 'serve' } })
--   vim.lsp.config('sqlheal', { init_options = { database = 'var/app.sqlite' } })
--
-- init_options and settings.sqlheal take the keys of sqlheal.json (database, migrations, include,
-- exclude, queryFunctions, sqlTags) and win over the file.

---@type vim.lsp.Config
return {
  cmd = { 'sqlheal', 'serve' },
  -- sql: the migrations, where sqlheal's schema-drift warnings offer the repair step as a quick fix.
  filetypes = { 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'sql' },
  -- The first marker found walking up from the file decides the root, in this order.
  root_markers = { 'sqlheal.json', 'package.json', '.git' },
  -- File watching is left at Neovim's default: off on Linux (its backends there are slow or need
  -- inotify-tools), where sqlheal polls sqlheal.json, the migrations, the database and the
  -- project's files itself; on macOS and Windows Neovim watches and sqlheal registers watchers.
  settings = {
    sqlheal = vim.empty_dict(),
  },
}
