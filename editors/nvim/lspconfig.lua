-- sqlheal for Neovim 0.8 – 0.10 with nvim-lspconfig (Neovim 0.11+: use lsp/sqlheal.lua instead).
-- Copy into your init.lua, or `:luafile` it. The :Sqlheal* commands come from plugin/sqlheal.lua,
-- which needs Neovim 0.11 (client:request); on older versions use the snippet's keymaps.
local lspconfig = require('lspconfig')
local configs = require('lspconfig.configs')

if not configs.sqlheal then
  configs.sqlheal = {
    default_config = {
      cmd = { 'sqlheal', 'serve' },
      filetypes = { 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'sql' },
      root_dir = lspconfig.util.root_pattern('sqlheal.json', 'package.json', '.git'),
      settings = { sqlheal = vim.empty_dict() },
    },
    docs = { description = 'sqlheal: checks the SQLite SQL inside JavaScript and TypeScript.' },
  }
end

-- File watching stays at Neovim's default (off on Linux): sqlheal then polls the schema sources
-- and the project's files itself.
lspconfig.sqlheal.setup({
  on_attach = function(client, buffer)
    local function execute(command, argument)
      client.request('workspace/executeCommand', { command = command, arguments = { argument } }, function(err, result)
        if err then
          vim.notify('sqlheal: ' .. err.message, vim.log.levels.ERROR)
        else
          vim.notify('sqlheal: ' .. vim.inspect(result), vim.log.levels.INFO)
        end
      end, buffer)
    end
    vim.keymap.set('n', '<leader>sp', function()
      -- The complete script, as `sqlheal repair --dry-run` prints it, in a scratch buffer.
      client.request('workspace/executeCommand', { command = 'sqlheal.repairSchema', arguments = { { dryRun = true } } }, function(err, result)
        if err then
          vim.notify('sqlheal: ' .. err.message, vim.log.levels.ERROR)
          return
        end
        vim.cmd('botright new')
        vim.bo.buftype = 'nofile'
        vim.api.nvim_buf_set_lines(0, 0, -1, false, vim.split((result and result.script) or '', '\n', { plain = true }))
        vim.bo.filetype = 'sql'
      end, buffer)
    end, { buffer = buffer, desc = 'sqlheal: repair preview' })
    -- Not confirmed here: the server asks, naming the database's full path and every step.
    vim.keymap.set('n', '<leader>sr', function() execute('sqlheal.repairSchema', { dryRun = false }) end, { buffer = buffer, desc = 'sqlheal: repair' })
    vim.keymap.set('n', '<leader>su', function()
      if vim.fn.confirm('Roll back the latest repair or fix?', '&Yes\n&No', 2) == 1 then
        execute('sqlheal.rollback', vim.empty_dict())
      end
    end, { buffer = buffer, desc = 'sqlheal: rollback' })
  end,
})
