-- An author's session in Neovim's built-in client on `syllabus lsp` (Neovim 0.7 and later):
-- type a broken reference and wait for its diagnostic, complete the title, jump to the
-- references of a page, rename it and save every changed file. Each step writes a line to
-- $SMOKE_OUT; the test reads them, then runs `syllabus check`.
local out = {}
local function note(line) table.insert(out, line) end
local function finish() vim.fn.writefile(out, vim.env.SMOKE_OUT) vim.cmd("qa!") end

local client = vim.lsp.start_client({ name = "syllabus", cmd = { vim.env.SYLLABUS_BIN, "lsp" }, root_dir = vim.env.SMOKE_ROOT })
vim.cmd("edit " .. vim.fn.fnameescape(vim.env.SMOKE_PAGE))
vim.lsp.buf_attach_client(0, client)
vim.wait(20000, function() local c = vim.lsp.get_client_by_id(client) return c ~= nil and c.initialized end, 20)

-- 1. Typed: a title with a letter missing.
local last = vim.api.nvim_buf_line_count(0)
vim.api.nvim_buf_set_lines(0, last, last, false, { "", 'See [see: "Why Receving Is Hard"].' })
local typed = last + 1
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  note(string.format("diagnostic %d:%d %s", d.lnum - typed, d.col, code))
end

-- 2. Completed: the line typed again up to `[see: "Why Rec`, and the title asked for.
vim.api.nvim_buf_set_lines(0, typed, typed + 1, false, { 'See [see: "Why Rec' })
vim.api.nvim_win_set_cursor(0, { typed + 1, #'See [see: "Why Rec' })
local answers = vim.lsp.buf_request_sync(0, "textDocument/completion", vim.lsp.util.make_position_params(), 10000) or {}
for _, answer in pairs(answers) do
  local items = answer.result and (answer.result.items or answer.result) or {}
  for _, item in ipairs(items) do
    if item.label == "Why Receiving Is Hard" then note("completion " .. item.label) end
  end
end
vim.api.nvim_buf_set_lines(0, typed, typed + 1, false, { 'See [see: "Why Receiving Is Hard"].' })
vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end, 20)
note("diagnostics after completing " .. #vim.diagnostic.get(0))

-- 3. References of the page the reference names, asked from the reference.
vim.api.nvim_win_set_cursor(0, { typed + 1, #'See [see: "Why Re' })
local position = vim.lsp.util.make_position_params()
local referenceParams = vim.tbl_extend("force", position, { context = { includeDeclaration = false } })
answers = vim.lsp.buf_request_sync(0, "textDocument/references", referenceParams, 10000) or {}
local files = {}
for _, answer in pairs(answers) do
  for _, location in ipairs(answer.result or {}) do files[vim.uri_to_fname(location.uri)] = true end
end
note("references in " .. vim.tbl_count(files) .. " files")

-- 4. Renamed from the same place; every changed buffer is saved.
answers = vim.lsp.buf_request_sync(0, "textDocument/rename", vim.tbl_extend("force", position, { newName = "Why Taking In Care Is Hard" }), 10000) or {}
for _, answer in pairs(answers) do
  if answer.result then
    vim.lsp.util.apply_workspace_edit(answer.result, "utf-16")
    note("renamed")
  end
end
vim.cmd("silent! wall")
finish()
