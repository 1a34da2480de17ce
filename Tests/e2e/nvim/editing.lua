-- SQL editing in a real Neovim, driven headless by Tests/e2e/test_neovim.py
-- (test_neovim_hover_and_completion_in_sql): open a file of the demo project with editors/nvim,
-- show the hover of a table inside a SQL string (vim.lsp.buf.hover, read back from its floating
-- window), then type a query and apply the completion offered after `s.` (its textEdit, as a
-- completion menu would). Results go to a JSON file; Neovim always quits, non-zero on failure.
--
-- Environment: SQLHEAL_BINARY, SQLHEAL_EDITORS_NVIM, SQLHEAL_E2E_PROJECT (a copy of demo/),
-- SQLHEAL_E2E_FILE (relative to it), SQLHEAL_E2E_RESULTS (the JSON file to write).

local environment = {
  binary = os.getenv('SQLHEAL_BINARY'),
  editors_nvim = os.getenv('SQLHEAL_EDITORS_NVIM'),
  project = os.getenv('SQLHEAL_E2E_PROJECT'),
  file = os.getenv('SQLHEAL_E2E_FILE'),
  results = os.getenv('SQLHEAL_E2E_RESULTS'),
}

local results = { steps = {}, nvim_version = tostring(vim.version()) }

local function write_results()
  local file = io.open(environment.results or 'sqlheal-e2e-editing.json', 'w')
  if file then
    file:write(vim.json.encode(results))
    file:close()
  end
end

local function step(name)
  table.insert(results.steps, name)
  write_results()
end

local function fail(message)
  error({ scenario_failure = message }, 0)
end

local function wait_for(description, timeout_ms, condition)
  if not vim.wait(timeout_ms, condition, 20) then
    fail(('timed out after %d ms waiting for %s'):format(timeout_ms, description))
  end
end

local function floating_windows()
  local found = {}
  for _, window in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(window).relative ~= '' then
      table.insert(found, window)
    end
  end
  return found
end

local function run()
  for key, value in pairs(environment) do
    if value == nil then
      fail('missing environment variable for ' .. key)
    end
  end

  step('configure')
  vim.opt.runtimepath:prepend(environment.editors_nvim)
  vim.cmd('runtime! plugin/sqlheal.lua')
  vim.lsp.config('sqlheal', { cmd = { environment.binary, 'serve' } })
  vim.lsp.enable('sqlheal')

  step('open')
  vim.cmd.cd(vim.fn.fnameescape(environment.project))
  vim.cmd.edit(vim.fn.fnameescape(environment.project .. '/' .. environment.file))
  local buffer = vim.api.nvim_get_current_buf()
  wait_for('the sqlheal client to attach', 20000, function()
    local client = vim.lsp.get_clients({ bufnr = buffer, name = 'sqlheal' })[1]
    return client ~= nil and client.initialized
  end)
  local client = vim.lsp.get_clients({ bufnr = buffer, name = 'sqlheal' })[1]
  results.hover_provider = client.server_capabilities.hoverProvider
  results.completion_provider = client.server_capabilities.completionProvider ~= nil

  step('hover')
  -- The table name in `SELECT * FROM sessions WHERE …`.
  local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
  local hover_line, hover_column
  for index, line in ipairs(lines) do
    local column = line:find('FROM sessions WHERE', 1, true)
    if column then
      hover_line, hover_column = index, column + 5 + 2
      break
    end
  end
  if not hover_line then fail('no `FROM sessions WHERE` in ' .. environment.file) end
  vim.api.nvim_win_set_cursor(0, { hover_line, hover_column - 1 })
  -- The document is analysed once the server has it: wait for its first diagnostics.
  wait_for('diagnostics of the file', 30000, function() return #vim.diagnostic.get(buffer) > 0 end)
  local hover_params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local hover_responses = vim.lsp.buf_request_sync(buffer, 'textDocument/hover', hover_params, 10000) or {}
  for _, response in pairs(hover_responses) do
    results.hover_response = response.result or response.err or vim.NIL
  end
  local before = #floating_windows()
  vim.lsp.buf.hover()
  wait_for('the hover window', 10000, function() return #floating_windows() > before end)
  local window = floating_windows()[#floating_windows()]
  results.hover_lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(window), 0, -1, false)
  vim.api.nvim_win_close(window, true)

  step('complete')
  local query = 'db.all(`SELECT s. FROM sessions s`);'
  vim.api.nvim_buf_set_lines(buffer, -1, -1, false, { query })
  local line_number = vim.api.nvim_buf_line_count(buffer)
  local column = query:find('s. FROM', 1, true) + 1 -- 0-based column right after `s.`
  vim.api.nvim_win_set_cursor(0, { line_number, column })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(buffer, 'textDocument/completion', params, 10000) or {}
  local chosen
  results.completion_labels = {}
  for _, response in pairs(responses) do
    if response.err then fail('textDocument/completion failed: ' .. vim.inspect(response.err)) end
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do
      table.insert(results.completion_labels, item.label)
      if item.label == 'token' then chosen = item end
    end
  end
  if not chosen then fail('no `token` among ' .. vim.inspect(results.completion_labels)) end
  vim.lsp.util.apply_text_edits({ chosen.textEdit }, buffer, client.offset_encoding)
  results.completed_line = vim.api.nvim_buf_get_lines(buffer, line_number - 1, line_number, false)[1]

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
