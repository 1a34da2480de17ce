-- A new user's session in a real Neovim, driven headless by Tests/e2e/test_neovim.py:
-- open a file of the demo project, wait for sqlheal's diagnostics, apply a quick fix through
-- vim.lsp.buf.code_action, preview and run the schema repair with the editors/nvim commands, and
-- roll it back, watching the underlines of a buffer kept open follow the schema.
-- Every wait is on a condition (vim.wait), never a bare sleep. Results go to a JSON file that
-- the Python test asserts on; Neovim always quits, with a non-zero status if a step failed.
--
-- Environment: SQLHEAL_BINARY, SQLHEAL_EDITORS_NVIM (editors/nvim), SQLHEAL_E2E_PROJECT (a copy
-- of demo/), SQLHEAL_E2E_FILE (relative to it), SQLHEAL_E2E_LINE / SQLHEAL_E2E_COLUMN (1-based, of
-- the diagnostic to fix), SQLHEAL_E2E_FIX_TITLE (plain text the fix's title contains),
-- SQLHEAL_E2E_RESULTS (the JSON file to write).

local environment = {
  binary = os.getenv('SQLHEAL_BINARY'),
  editors_nvim = os.getenv('SQLHEAL_EDITORS_NVIM'),
  project = os.getenv('SQLHEAL_E2E_PROJECT'),
  file = os.getenv('SQLHEAL_E2E_FILE'),
  line = tonumber(os.getenv('SQLHEAL_E2E_LINE') or ''),
  column = tonumber(os.getenv('SQLHEAL_E2E_COLUMN') or ''),
  fix_title = os.getenv('SQLHEAL_E2E_FIX_TITLE'),
  results = os.getenv('SQLHEAL_E2E_RESULTS'),
}

local results = { steps = {}, notifications = {}, nvim_version = tostring(vim.version()) }
local WAIT_INTERVAL_MS = 20

local function write_results()
  local file = io.open(environment.results or 'sqlheal-e2e-results.json', 'w')
  if file then
    file:write(vim.json.encode(results))
    file:close()
  end
end

-- Each step rewrites the results file, so a run stopped from outside still shows where it was.
local function step(name)
  table.insert(results.steps, name)
  write_results()
end

local function fail(message)
  error({ scenario_failure = message }, 0)
end

local server_quit = false
local command_failed = nil -- the error an editors/nvim command reported, if any

local function wait_for(description, timeout_ms, condition)
  -- Stop waiting early when the server process is gone: nothing will arrive any more.
  local satisfied = vim.wait(timeout_ms, function()
    return server_quit or command_failed ~= nil or condition()
  end, WAIT_INTERVAL_MS)
  if command_failed and not condition() then
    fail(('%s (while waiting for %s)'):format(command_failed, description))
  end
  if server_quit and not condition() then
    fail(('the sqlheal server quit while waiting for %s: %s'):format(description, vim.inspect(results.notifications)))
  end
  if not satisfied then
    fail(('timed out after %d ms waiting for %s'):format(timeout_ms, description))
  end
end

-- Every vim.notify, kept for the results (the commands report through it).
local original_notify = vim.notify
vim.notify = function(message, level, options)
  table.insert(results.notifications, { message = tostring(message), level = level })
  if tostring(message):find('quit with exit code', 1, true) then
    server_quit = true
  end
  if level == vim.log.levels.ERROR and tostring(message):find('^sqlheal: ') then
    command_failed = tostring(message)
  end
  return original_notify(message, level, options)
end

-- The server asks before a code action's repair writes (window/showMessageRequest): record each
-- question and answer as a user who read it would (Apply), so the test can check what it named.
results.questions = {}
vim.lsp.handlers['window/showMessageRequest'] = function(_, params)
  table.insert(results.questions, params.message)
  for _, action in ipairs(params.actions or {}) do
    if action.title == 'Apply' then
      return action
    end
  end
  return vim.NIL
end

local function sqlheal_client(buffer)
  return vim.lsp.get_clients({ bufnr = buffer, name = 'sqlheal' })[1]
end

local function sqlheal_diagnostics(buffer, client)
  local namespace = vim.lsp.diagnostic.get_namespace(client.id, false)
  local found = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer, { namespace = namespace })) do
    table.insert(found, {
      line = diagnostic.lnum + 1,
      column = diagnostic.col + 1,
      end_line = diagnostic.end_lnum + 1,
      end_column = diagnostic.end_col + 1,
      code = diagnostic.code,
      severity = diagnostic.severity,
      source = diagnostic.source,
      message = diagnostic.message,
    })
  end
  table.sort(found, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    if a.column ~= b.column then return a.column < b.column end
    return tostring(a.code) < tostring(b.code)
  end)
  return found
end

local function has_diagnostic(diagnostics, line, code)
  for _, diagnostic in ipairs(diagnostics) do
    if diagnostic.line == line and diagnostic.code == code then
      return true
    end
  end
  return false
end

-- What is on screen, not only in vim.diagnostic's list: the underline extmarks the diagnostic
-- display placed on a line (0-based column starts).
local function underlined_columns(buffer, line)
  local columns = {}
  for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(buffer, -1, { line - 1, 0 }, { line - 1, -1 }, { details = true })) do
    local group = mark[4].hl_group
    if type(group) == 'string' and group:find('^DiagnosticUnderline') then
      table.insert(columns, mark[3] + 1)
    end
  end
  table.sort(columns)
  return columns
end

local function buffer_named(name)
  for _, buffer in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(buffer) == name then
      return buffer
    end
  end
  return nil
end

local function notification_matching(pattern)
  for _, notification in ipairs(results.notifications) do
    if notification.message:find(pattern) then
      return notification
    end
  end
  return nil
end

local function run()
  for key, value in pairs(environment) do
    if value == nil then
      fail('missing environment variable for ' .. key)
    end
  end

  step('configure')
  -- Every window/logMessage, with its type: informational lines must not arrive as errors.
  results.log_messages = {}
  local log_message_handler = vim.lsp.handlers['window/logMessage']
  vim.lsp.handlers['window/logMessage'] = function(err, params, context)
    table.insert(results.log_messages, { type = params.type, message = params.message })
    return log_message_handler(err, params, context)
  end
  vim.opt.runtimepath:prepend(environment.editors_nvim)
  vim.cmd('runtime! plugin/sqlheal.lua')
  vim.lsp.config('sqlheal', { cmd = { environment.binary, 'serve' } })
  vim.lsp.enable('sqlheal')

  step('open')
  vim.cmd.cd(vim.fn.fnameescape(environment.project))
  vim.cmd.edit(vim.fn.fnameescape(environment.project .. '/' .. environment.file))
  local buffer = vim.api.nvim_get_current_buf()
  results.filetype = vim.bo[buffer].filetype

  step('attach')
  wait_for('the sqlheal client to attach', 20000, function()
    return sqlheal_client(buffer) ~= nil and sqlheal_client(buffer).initialized
  end)
  local client = sqlheal_client(buffer)
  results.root_dir = client.root_dir
  results.offset_encoding = client.offset_encoding
  results.server_name = client.server_info and client.server_info.name or nil

  step('diagnostics')
  wait_for('sqlheal diagnostics on line ' .. environment.line, 30000, function()
    return #sqlheal_diagnostics(buffer, client) > 0
  end)
  results.diagnostics_initial = sqlheal_diagnostics(buffer, client)

  step('code actions')
  vim.api.nvim_win_set_cursor(0, { environment.line, environment.column - 1 })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = vim.lsp.diagnostic.from(vim.diagnostic.get(buffer, { lnum = environment.line - 1 })), triggerKind = 1 }
  local responses = vim.lsp.buf_request_sync(buffer, 'textDocument/codeAction', params, 10000) or {}
  results.code_action_titles = {}
  for _, response in pairs(responses) do
    if response.err then
      fail('textDocument/codeAction failed: ' .. vim.inspect(response.err))
    end
    for _, action in ipairs(response.result or {}) do
      table.insert(results.code_action_titles, action.title)
    end
  end

  step('apply quick fix')
  local line_before = vim.api.nvim_buf_get_lines(buffer, environment.line - 1, environment.line, false)[1]
  local offered = 0
  vim.lsp.buf.code_action({
    filter = function(action)
      local matches = action.title:find(environment.fix_title, 1, true) ~= nil
      if matches then offered = offered + 1 end
      return matches
    end,
    apply = true,
  })
  wait_for('the quick fix to edit line ' .. environment.line, 10000, function()
    return vim.api.nvim_buf_get_lines(buffer, environment.line - 1, environment.line, false)[1] ~= line_before
  end)
  results.fix_matches = offered
  results.buffer_after_fix = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
  vim.cmd.write()

  step('diagnostics after fix')
  local version_after_fix = vim.lsp.util.buf_versions[buffer]
  wait_for('diagnostics for the fixed text', 20000, function()
    local diagnostics = sqlheal_diagnostics(buffer, client)
    return not has_diagnostic(diagnostics, environment.line, 'type-mismatch')
      and not has_diagnostic(diagnostics, environment.line, 'raw-interpolation')
  end)
  results.buffer_version_after_fix = version_after_fix
  results.diagnostics_after_fix = sqlheal_diagnostics(buffer, client)

  step('repair preview')
  local source_window = vim.api.nvim_get_current_win()
  vim.cmd('SqlhealRepairPreview')
  local preview_name = 'sqlheal://repair-preview'
  wait_for('the repair preview buffer', 20000, function()
    return buffer_named(preview_name) ~= nil
  end)
  results.preview = vim.api.nvim_buf_get_lines(buffer_named(preview_name), 0, -1, false)
  results.preview_filetype = vim.bo[buffer_named(preview_name)].filetype
  vim.cmd('bwipeout ' .. buffer_named(preview_name))
  vim.api.nvim_set_current_win(source_window)

  -- Before anything writes the database, the workspace has loaded once: the editor's settings
  -- push and pull right after `initialized` change nothing, so they reload nothing.
  results.workspace_loads_at_start = 0
  for _, entry in ipairs(results.log_messages) do
    if entry.message:find('^workspace ') then
      results.workspace_loads_at_start = results.workspace_loads_at_start + 1
    end
  end

  step('migration quick fix')
  -- The orders migration was never applied: its drift warning offers exactly that step. The
  -- server attaches to the SQL file too (filetype sql), and the action runs the repair command.
  vim.cmd.edit(vim.fn.fnameescape(environment.project .. '/migrations/10_orders.sql'))
  local migration_buffer = vim.api.nvim_get_current_buf()
  results.migration_filetype = vim.bo[migration_buffer].filetype
  wait_for('sqlheal to attach to the migration', 20000, function()
    return sqlheal_client(migration_buffer) ~= nil
  end)
  wait_for('the schema-drift warning on the orders table', 30000, function()
    return has_diagnostic(sqlheal_diagnostics(migration_buffer, client), 4, 'schema-drift')
  end)
  results.migration_diagnostics = sqlheal_diagnostics(migration_buffer, client)
  vim.api.nvim_win_set_cursor(0, { 4, 14 })
  results.migration_action_titles = {}
  local create_title = 'Create table orders in data/app.db, as declared here'
  vim.lsp.buf.code_action({
    filter = function(action)
      table.insert(results.migration_action_titles, action.title)
      return action.title == create_title
    end,
    apply = true,
  })
  wait_for('the drift warning on the orders table to go', 30000, function()
    return not has_diagnostic(sqlheal_diagnostics(migration_buffer, client), 4, 'schema-drift')
  end)
  results.migration_diagnostics_after = sqlheal_diagnostics(migration_buffer, client)
  vim.cmd.buffer(buffer)

  step('open users.ts')
  -- Kept open through the repair and the rollback: its underlines must follow the schema at once.
  -- The repair adds users.signup_date (inferred from its use) but not the typo `nmae`: the
  -- missing-column on line 19 column 46 goes, the one at column 33 stays.
  vim.cmd.edit(vim.fn.fnameescape(environment.project .. '/src/users.ts'))
  local users_buffer = vim.api.nvim_get_current_buf()
  wait_for('sqlheal to attach to users.ts', 20000, function()
    return sqlheal_client(users_buffer) ~= nil
  end)
  wait_for('the underline under signup_date in users.ts', 30000, function()
    return vim.tbl_contains(underlined_columns(users_buffer, 19), 46)
  end)
  results.users_underlines_before_repair = underlined_columns(users_buffer, 19)

  step('hover and definition')
  -- The editing features through Neovim's client: hover and go to definition on `email` in the
  -- query on line 19 (an ASCII line: byte columns are UTF-16 columns).
  local users_line = vim.api.nvim_buf_get_lines(users_buffer, 18, 19, false)[1]
  local email_column = users_line:find('email', 1, true)
  local position_params = {
    textDocument = { uri = vim.uri_from_bufnr(users_buffer) },
    position = { line = 18, character = email_column },
  }
  local function answer(method)
    local responses = vim.lsp.buf_request_sync(users_buffer, method, position_params, 10000) or {}
    for _, response in pairs(responses) do
      if response.err then
        fail(method .. ' failed: ' .. vim.inspect(response.err))
      end
      return response.result
    end
  end
  local hover = answer('textDocument/hover')
  results.hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL
  local definition = answer('textDocument/definition')
  if definition and definition.uri then
    definition = { definition }
  end
  results.definition = vim.tbl_map(function(location)
    return { uri = location.uri or location.targetUri, line = ((location.range or location.targetSelectionRange).start.line) + 1 }
  end, definition or {})

  step('repair')
  vim.cmd('SqlhealRepair!')
  wait_for('the repair to report', 60000, function()
    return notification_matching('^sqlheal: repaired') ~= nil
      or notification_matching('failed') ~= nil
      or notification_matching('not applied') ~= nil
  end)
  local outcome = notification_matching('^sqlheal: repaired')
  if not outcome then
    fail('repair did not report success: ' .. vim.inspect(results.notifications))
  end
  results.repair_message = outcome.message

  step('diagnostics after repair')
  local function has_at(diagnostics, line, column, code)
    for _, diagnostic in ipairs(diagnostics) do
      if diagnostic.line == line and diagnostic.column == column and diagnostic.code == code then
        return true
      end
    end
    return false
  end
  wait_for('users.ts underlines against the repaired schema', 30000, function()
    local columns = underlined_columns(users_buffer, 19)
    return vim.tbl_contains(columns, 33) and not vim.tbl_contains(columns, 46)
  end)
  results.users_underlines_after_repair = underlined_columns(users_buffer, 19)
  local diagnostics_after_repair = sqlheal_diagnostics(users_buffer, client)
  if not has_at(diagnostics_after_repair, 19, 33, 'missing-column') or has_at(diagnostics_after_repair, 19, 46, 'missing-column') then
    fail('users.ts diagnostics do not follow the repaired schema: ' .. vim.inspect(diagnostics_after_repair))
  end
  results.users_diagnostics_after_repair = diagnostics_after_repair
  results.diagnostics_after_repair = sqlheal_diagnostics(buffer, client)
  -- The repaired database as it is now, for the Python test (the rollback restores the original).
  results.database_after_repair = environment.results .. '.after-repair.db'
  for _, suffix in ipairs({ '', '-wal' }) do
    local source = environment.project .. '/data/app.db' .. suffix
    if vim.uv.fs_stat(source) then
      assert(vim.uv.fs_copyfile(source, results.database_after_repair .. suffix))
    end
  end

  step('rollback')
  vim.cmd('SqlhealRollback!')
  wait_for('the rollback to report', 60000, function()
    return notification_matching('^sqlheal: rolled back') ~= nil or notification_matching('nothing rolled back') ~= nil
  end)
  results.rollback_message = (notification_matching('^sqlheal: rolled back') or notification_matching('nothing rolled back')).message
  wait_for('the underline under signup_date to come back after the rollback', 30000, function()
    return vim.tbl_contains(underlined_columns(users_buffer, 19), 46)
  end)
  results.users_underlines_after_rollback = underlined_columns(users_buffer, 19)

  step('done')
end

local ok, failure = xpcall(run, function(err)
  if type(err) == 'table' and err.scenario_failure then
    return err.scenario_failure
  end
  return debug.traceback(tostring(err), 2)
end)
results.ok = ok
results.error = (not ok) and failure or nil

write_results()
vim.cmd(ok and 'qall!' or 'cquit! 1')
