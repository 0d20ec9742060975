-- Runs the Neovim set-up that a doc shows, taken from the doc itself (its
-- ```lua block that starts `"sopkit", "lsp"`), as a user's init.lua would,
-- with `sopkit` replaced by $SOPKIT_BIN. Then opens files in a project:
-- the server must attach to every *.sop.yaml, *.sop.yml and *.sop.md file,
-- one server for the project (rooted at its sopkit.toml), each getting its
-- diagnostics, and to nothing else. Exits 0 when it does, 1 otherwise.
--
--   SOPKIT_BIN=target/debug/sopkit SOPKIT_DOC=docs/editors.md \
--     nvim --headless --clean -u tests/nvim/snippet.lua
--
-- Written for Neovim 0.7 (Debian 12's) and newer, like the snippet.

local function finish(ok, message)
  io.stdout:write(message .. "\n")
  vim.cmd(ok and "qall!" or "cquit 1")
end

local function fail(message)
  finish(false, "nvim snippet test: " .. message)
  error(message) -- not reached: cquit leaves at once
end

-- The doc's ```lua block holding `cmd = { "sopkit", "lsp" }`, dedented.
local function snippet(doc)
  local lines, block, indent = {}, nil, nil
  for line in io.lines(doc) do
    if block == nil then
      indent = line:match("^(%s*)```lua%s*$")
      if indent then
        block = {}
      end
    elseif line:match("^%s*```%s*$") then
      local text = table.concat(block, "\n")
      if text:find('"sopkit", "lsp"', 1, true) then
        return text
      end
      block = nil
    else
      table.insert(block, line:sub(#indent + 1))
    end
  end
  return nil
end

local doc = os.getenv("SOPKIT_DOC") or fail("set SOPKIT_DOC")
local bin = os.getenv("SOPKIT_BIN") or fail("set SOPKIT_BIN")
local text = snippet(doc) or fail(doc .. " has no ```lua block starting `sopkit lsp`")
local replaced
text, replaced = text:gsub('"sopkit", "lsp"', string.format("%q, %q", bin, "lsp"))
if replaced ~= 1 then
  fail(doc .. ": the snippet names `sopkit lsp` " .. replaced .. " times")
end
local chunk, why = (loadstring or load)(text, "=" .. doc)
if not chunk then
  fail(doc .. ": the snippet is not Lua: " .. why)
end
chunk()

-- A project: sopkit.toml at the top, SOPs (each with a jump to a step that
-- does not exist) and other files in a folder below it.
local project = vim.fn.resolve(vim.fn.tempname())
local sops = project .. "/sops"
vim.fn.mkdir(sops, "p")
local function write(name, content)
  local file = assert(io.open(name, "w"))
  file:write(content)
  file:close()
end
write(project .. "/sopkit.toml", "")
local yaml = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n"
  .. "  - id: a\n    text: Go.\n    next: nowhere\n"
local markdown = "---\ndepartment: D\n---\n\n# T\n\n## Purpose\n\nP.\n\n## Terms\n\n"
  .. "## Instructions\n\n1. Go. {#a next=nowhere}\n"
local is_sop = {
  ["a.sop.yaml"] = yaml,
  ["b.sop.yml"] = yaml,
  ["c.sop.md"] = markdown,
}
local other = {
  ["plain.yaml"] = yaml,
  ["notes.md"] = markdown,
  ["sop.md"] = markdown,
  ["d.sop.yaml.orig"] = yaml,
  ["e.sop.markdown"] = markdown,
  ["f.sopyaml"] = yaml,
}
for name, content in pairs(is_sop) do
  write(sops .. "/" .. name, content)
end
for name, content in pairs(other) do
  write(sops .. "/" .. name, content)
end

local function clients_of(buf)
  local attached = {}
  for _, client in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    if vim.lsp.buf_is_attached(buf, client.id) then
      table.insert(attached, client)
    end
  end
  return attached
end

local function open(name)
  vim.cmd("edit " .. vim.fn.fnameescape(sops .. "/" .. name))
  return vim.api.nvim_get_current_buf()
end

vim.api.nvim_create_autocmd("VimEnter", {
  nested = true, -- so that `:edit` fires the snippet's autocommands
  callback = function()
    local ids = {}
    for name in pairs(is_sop) do
      local buf = open(name)
      -- A client is listed once it has answered `initialize`.
      vim.wait(15000, function()
        return #clients_of(buf) > 0
      end, 50)
      local attached = clients_of(buf)
      if #attached ~= 1 then
        return fail(name .. ": " .. #attached .. " servers attached, not 1")
      end
      local client = attached[1]
      if client.name ~= "sopkit" or client.config.root_dir ~= project then
        return fail(name .. ": attached to " .. client.name .. " in " .. tostring(client.config.root_dir))
      end
      ids[client.id] = true
      vim.wait(15000, function()
        return #vim.diagnostic.get(buf) > 0
      end, 50)
      local found = false
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
        found = found or code == "flow/unknown-target"
      end
      if not found then
        return fail(name .. ": no flow/unknown-target; got " .. vim.inspect(vim.diagnostic.get(buf)))
      end
    end
    if vim.tbl_count(ids) ~= 1 then
      return fail(vim.tbl_count(ids) .. " servers for one project, not 1")
    end
    for name in pairs(other) do
      local buf = open(name)
      if vim.wait(500, function()
        return #clients_of(buf) > 0
      end, 50) then
        return fail(name .. ": the server attached to a file that is not an SOP")
      end
    end
    if vim.v.errmsg ~= "" then
      return fail("Neovim reported an error: " .. vim.v.errmsg)
    end
    finish(true, string.format("nvim %s, %s: sopkit attached to the 3 SOPs and none of the %d other files",
      tostring(vim.version().major) .. "." .. tostring(vim.version().minor), doc, vim.tbl_count(other)))
  end,
})
