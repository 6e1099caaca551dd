-- Neovim's built-in client on `syllabus lsp`: open a page, wait for its diagnostics, write
-- them to $SMOKE_OUT (one "line:col code message" a line) and quit. Neovim 0.7 and later.
local client = vim.lsp.start_client({
  name = "syllabus",
  cmd = { vim.env.SYLLABUS_BIN, "lsp" },
  root_dir = vim.env.SMOKE_ROOT,
})
vim.cmd("edit " .. vim.fn.fnameescape(vim.env.SMOKE_PAGE))
vim.lsp.buf_attach_client(0, client)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  table.insert(lines, string.format("%d:%d %s %s", d.lnum, d.col, code, (d.message:gsub("\n", " | "))))
end
vim.fn.writefile(lines, vim.env.SMOKE_OUT)
vim.cmd("qa!")
