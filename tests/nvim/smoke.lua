-- A headless Neovim smoke test of `sopkit lsp`: attach the server to the
-- SOP given on the command line, wait for its diagnostics, and check that
-- `flow/unknown-target` is among them. Exits 0 when it is, 1 otherwise.
--
--   SOPKIT_BIN=target/debug/sopkit nvim --headless --clean -u tests/nvim/smoke.lua tests/nvim/broken.sop.yaml
--
-- Written for Neovim 0.7 (Debian 12's) and newer: `vim.lsp.start_client`
-- and `buf_attach_client` rather than 0.8's `vim.lsp.start`.

local function finish(ok, message)
  io.stdout:write(message .. "\n")
  vim.cmd(ok and "qall!" or "cquit 1")
end

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local client = vim.lsp.start_client({
      name = "sopkit",
      cmd = { os.getenv("SOPKIT_BIN") or "sopkit", "lsp" },
      root_dir = vim.fn.getcwd(),
    })
    if not client then
      return finish(false, "nvim: could not start sopkit lsp")
    end
    vim.lsp.buf_attach_client(0, client)
    vim.wait(15000, function()
      return #vim.diagnostic.get(0) > 0
    end, 50)
    for _, d in ipairs(vim.diagnostic.get(0)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == "flow/unknown-target" then
        return finish(true, string.format("nvim: %s at line %d: %s", code, d.lnum + 1, d.message))
      end
    end
    finish(false, "nvim: no flow/unknown-target diagnostic; got " .. vim.inspect(vim.diagnostic.get(0)))
  end,
})
