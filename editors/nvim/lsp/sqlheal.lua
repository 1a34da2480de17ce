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
  capabilities = {
    workspace = {
      -- Neovim turns dynamic registration of file watching off on Linux; sqlheal watches the
      -- database and migrations itself when it is off, and registers watchers when it is on.
      didChangeWatchedFiles = { dynamicRegistration = true },
    },
  },
  settings = {
    sqlheal = vim.empty_dict(),
  },
}
