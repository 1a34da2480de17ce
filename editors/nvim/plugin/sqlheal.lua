-- sqlheal commands for Neovim 0.11+ (loaded automatically with editors/nvim on the runtimepath).
--
--   :SqlhealRepairPreview        the repair plan and its exact SQL in a scratch buffer (a dry run)
--   :SqlhealRepair[!] [STEP...]  apply the repair (all steps, or only the given step ids);
--                                asks first, unless the command ends in !
--   :SqlhealRollback[!] [ID]     undo a repair or fix (default: the latest); asks first, unless !
--   :SqlhealFixAll               apply every safe fix in the buffer (source.fixAll.sqlheal)
--
-- Fix-all on save is opt-in:  vim.g.sqlheal_fix_all_on_save = true
if vim.g.loaded_sqlheal then
  return
end
vim.g.loaded_sqlheal = true

local FIX_ALL_KIND = 'source.fixAll.sqlheal'

--- The sqlheal client of the current buffer, else any running sqlheal client.
local function sqlheal_client()
  local clients = vim.lsp.get_clients({ bufnr = 0, name = 'sqlheal' })
  if #clients == 0 then
    clients = vim.lsp.get_clients({ name = 'sqlheal' })
  end
  if #clients == 0 then
    vim.notify('sqlheal: no sqlheal language server is running (vim.lsp.enable("sqlheal")?)', vim.log.levels.ERROR)
    return nil
  end
  return clients[1]
end

--- Runs a workspace/executeCommand on the sqlheal server; calls on_result(result) on success.
--- `argument` is the command's single argument object (sent as {} when it has no fields).
local function execute_command(command, argument, on_result)
  local client = sqlheal_client()
  if not client then
    return
  end
  if next(argument) == nil then
    argument = vim.empty_dict()
  end
  client:request('workspace/executeCommand', { command = command, arguments = { argument } }, function(err, result)
    if err then
      vim.notify(('sqlheal: %s failed: %s'):format(command, err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    on_result(result or {})
  end, vim.api.nvim_get_current_buf())
end

local function step_summary(step)
  return ('%s (%s)'):format(step.id or '?', step.source or 'migrations')
end

--- The plan as SQL text: one comment line per step, then its statements.
local function plan_lines(result)
  -- The server sends the complete script (pragmas, transaction, checks) as the CLI's dry run prints it.
  if type(result.script) == 'string' and result.script ~= '' then
    return vim.split(result.script:gsub('\n$', ''), '\n', { plain = true })
  end
  local steps = result.steps or {}
  local lines = { ('-- sqlheal repair plan (dry run): %d step%s, nothing applied'):format(#steps, #steps == 1 and '' or 's') }
  for _, step in ipairs(steps) do
    table.insert(lines, '')
    table.insert(lines, '-- ' .. step_summary(step))
    for _, statement in ipairs(step.sql or {}) do
      for _, line in ipairs(vim.split(statement, '\n', { plain = true })) do
        table.insert(lines, line)
      end
    end
  end
  return lines
end

local function show_scratch(name, lines, filetype)
  vim.cmd('botright new')
  local buffer = vim.api.nvim_get_current_buf()
  vim.bo[buffer].buftype = 'nofile'
  vim.bo[buffer].bufhidden = 'wipe'
  vim.bo[buffer].swapfile = false
  pcall(vim.api.nvim_buf_set_name, buffer, name)
  vim.api.nvim_buf_set_lines(buffer, 0, -1, false, lines)
  vim.bo[buffer].modifiable = false
  vim.bo[buffer].filetype = filetype
  return buffer
end

local function confirmed(question, bang)
  if bang then
    return true
  end
  return vim.fn.confirm(question, '&Yes\n&No', 2) == 1
end

local function report_repair(result)
  if not result.applied then
    vim.notify('sqlheal: repair not applied (nothing to do?)', vim.log.levels.WARN)
    return
  end
  local message = ('sqlheal: repaired, %d step%s'):format(#(result.steps or {}), #(result.steps or {}) == 1 and '' or 's')
  if result.backup then
    message = message .. '; backup ' .. result.backup
  end
  if result.historyId then
    message = message .. '; undo with :SqlhealRollback ' .. result.historyId
  end
  vim.notify(message, vim.log.levels.INFO)
end

vim.api.nvim_create_user_command('SqlhealRepairPreview', function(options)
  local argument = { dryRun = true }
  if #options.fargs > 0 then
    argument.only = options.fargs
  end
  execute_command('sqlheal.repairSchema', argument, function(result)
    show_scratch('sqlheal://repair-preview', plan_lines(result), 'sql')
  end)
end, { nargs = '*', desc = 'sqlheal: show the schema repair plan and its SQL (dry run)' })

vim.api.nvim_create_user_command('SqlhealRepair', function(options)
  local only = #options.fargs > 0 and options.fargs or nil
  -- Plan first (a dry run), so the question names what will change.
  execute_command('sqlheal.repairSchema', { dryRun = true, only = only }, function(plan)
    local steps = plan.steps or {}
    if #steps == 0 then
      vim.notify('sqlheal: the database already matches the migrations', vim.log.levels.INFO)
      return
    end
    local names = vim.tbl_map(function(step)
      return step.id or '?'
    end, steps)
    local question = ('Apply %d repair step%s to %s (a backup is made first)?\n%s'):format(
      #steps, #steps == 1 and '' or 's', plan.database or 'the database', table.concat(names, '\n'))
    if not confirmed(question, options.bang) then
      vim.notify('sqlheal: repair cancelled', vim.log.levels.INFO)
      return
    end
    -- confirmed: the user has just answered (or used !); the server asks only when it is not set.
    execute_command('sqlheal.repairSchema', { dryRun = false, only = only or names, confirmed = true }, report_repair)
  end)
end, { nargs = '*', bang = true, desc = 'sqlheal: repair the database schema (! applies without asking)' })

vim.api.nvim_create_user_command('SqlhealRollback', function(options)
  local history_id = options.fargs[1]
  local question = history_id and ('Roll back %s?'):format(history_id) or 'Roll back the latest repair or fix?'
  if not confirmed(question, options.bang) then
    return
  end
  execute_command('sqlheal.rollback', { historyId = history_id }, function(result)
    if result.restored then
      vim.notify('sqlheal: rolled back ' .. tostring(result.historyId), vim.log.levels.INFO)
    else
      vim.notify('sqlheal: nothing rolled back', vim.log.levels.WARN)
    end
  end)
end, { nargs = '?', bang = true, desc = 'sqlheal: undo a repair or fix (default: the latest)' })

vim.api.nvim_create_user_command('SqlhealFixAll', function()
  vim.lsp.buf.code_action({
    context = { only = { FIX_ALL_KIND }, diagnostics = {} },
    apply = true,
  })
end, { desc = 'sqlheal: apply every safe fix in this buffer' })

--- Applies source.fixAll.sqlheal synchronously, so the edits land before the buffer is written
--- (vim.lsp.buf.code_action is asynchronous and would edit the buffer after the write).
local function fix_all_before_write(buffer)
  local client = vim.lsp.get_clients({ bufnr = buffer, name = 'sqlheal' })[1]
  if not client then
    return
  end
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buffer),
    range = {
      start = { line = 0, character = 0 },
      ['end'] = { line = vim.api.nvim_buf_line_count(buffer), character = 0 },
    },
    context = { only = { FIX_ALL_KIND }, diagnostics = {}, triggerKind = 1 },
  }
  local response = client:request_sync('textDocument/codeAction', params, 2000, buffer)
  for _, action in ipairs((response and response.result) or {}) do
    if not action.edit and action.data and client:supports_method('codeAction/resolve') then
      local resolved = client:request_sync('codeAction/resolve', action, 2000, buffer)
      action = (resolved and resolved.result) or action
    end
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    end
    if action.command then
      local command = type(action.command) == 'table' and action.command or action
      client:request_sync('workspace/executeCommand', { command = command.command, arguments = command.arguments }, 2000, buffer)
    end
  end
end

vim.api.nvim_create_autocmd('BufWritePre', {
  group = vim.api.nvim_create_augroup('sqlheal_fix_all_on_save', { clear = true }),
  pattern = { '*.js', '*.jsx', '*.mjs', '*.cjs', '*.ts', '*.tsx', '*.mts', '*.cts' },
  callback = function(event)
    if vim.g.sqlheal_fix_all_on_save then
      fix_all_before_write(event.buf)
    end
  end,
})

-- Go to definition of a table only the database declares lands on a `sqlheal-schema:` URI:
-- its read-only schema, fetched from the server (`sqlheal/schemaDocument`).
vim.api.nvim_create_autocmd('BufReadCmd', {
  pattern = 'sqlheal-schema:*',
  callback = function(event)
    local client = vim.lsp.get_clients({ name = 'sqlheal' })[1]
    if not client then
      vim.notify('sqlheal: the server is not running', vim.log.levels.WARN)
      return
    end
    local response = client:request_sync('sqlheal/schemaDocument', { uri = event.match }, 2000)
    local text = response and response.result and response.result.text
    if not text then
      vim.notify('sqlheal: ' .. ((response and response.err and response.err.message) or 'no schema document'), vim.log.levels.WARN)
      return
    end
    vim.api.nvim_buf_set_lines(event.buf, 0, -1, false, vim.split(text, '\n', { trimempty = true }))
    vim.bo[event.buf].filetype = 'sql'
    vim.bo[event.buf].modifiable = false
    vim.bo[event.buf].modified = false
  end,
})
