"""Messages of reading and writing files, in zh-CN and en: imports and their templates, bank
statements, exports, backups and restores. Part of the one catalogue in :mod:`cli.text.messages`."""

from __future__ import annotations

FILE_MESSAGES: dict[str, tuple[str, str]] = {
    "export_written": (
        "已导出 {entries} 张凭证（{postings} 条分录，{format} 格式）到 {out}",
        "Wrote {entries} entries ({postings} postings, {format}) to {out}",
    ),
    "export_unwritable": (
        "无法写入 {out}（{reason}）：请换一个可写的文件路径。",
        "Cannot write {out} ({reason}); give a file path in a writable folder.",
    ),
    "export_format_invalid": (
        "导出格式 {value} 无效，可选：{formats}。",
        "Unknown export format {value}; use {formats}.",
    ),
    "pack_exists": (
        "{out} 里已有文件：公开包不会覆盖它们。换一个目录，或加 --replace 整体替换。",
        "{out} already holds files; the pack does not overwrite them. Choose another folder, or pass --replace.",
    ),
    "folder_is_a_file": (
        "{out} 是一个文件，不是目录：请换一个输出目录。",
        "{out} is a file, not a folder; choose another.",
    ),
    "os_error": (
        "无法读写 {path}：{reason}。未留下写了一半的文件；请检查磁盘空间和权限后再试。",
        "Cannot read or write {path}: {reason}. No half-written file is left; check space and permissions.",
    ),
    "backup_exists": (
        "{file} 已存在：请换一个文件名（备份不会覆盖）。",
        "{file} exists; choose another name (backups never overwrite).",
    ),
    "backup_folder": ("目录 {folder} 不存在。", "Folder {folder} does not exist."),
    "backup_written": (
        "已把 {db} 备份到 {file}（一致的快照，仅所有者可读）。",
        "Backed up {db} to {file} (one consistent snapshot, owner-only).",
    ),
    "backup_missing": ("找不到备份文件 {file}。", "Backup file {file} not found."),
    "backup_unreadable": ("{file} 不是 cfund 的 SQLite 备份。", "{file} is not a cfund SQLite backup."),
    "backup_lacks_book": (
        "{file} 中没有账套 {book}（其中账套：{books}），恢复它会抹去本账套，已拒绝。",
        "{file} does not hold book {book} (it holds: {books}); restoring it would wipe this book.",
    ),
    "restore_refused": (
        "备份未通过审计（账套 {book}：{check}，凭证 #{entry}），拒绝恢复。",
        "The copy fails its audit (book {book}: {check}, entry #{entry}); it was not restored.",
    ),
    "restore_postgres": (
        "PostgreSQL 请用 pg_restore 恢复到新数据库，并先运行 cfund --db <新库> audit verify（见 README）。",
        "For PostgreSQL, pg_restore into a new database and run cfund --db <it> audit verify first (see README).",
    ),
    "restored": (
        "已用 {file} 恢复 {db}（账套：{books}，均已通过审计）。",
        "Restored {db} from {file} (books {books}, all audited).",
    ),
    "pg_dump_missing": (
        "找不到 pg_dump：请安装 PostgreSQL 客户端。",
        "pg_dump not found; install the PostgreSQL client.",
    ),
    "pg_dump_failed": ("pg_dump 失败：{reason}", "pg_dump failed: {reason}"),
    "import_invalid": (
        "{file} 有 {count} 处问题，未写入任何凭证。",
        "{file}: problems found: {count}; no entry was written.",
    ),
    "import_row": ("第 {row} 行，{column} 列：{reason}", "row {row}, column {column}: {reason}"),
    "import_column_twice": (
        "列“{first}”与“{second}”是同一列：请删去其一。",
        "Columns {first} and {second} are the same column: remove one.",
    ),
    "import_header_twice": (
        "列“{header}”出现了两次：请删去其一。",
        "Column {header} is given twice: remove one.",
    ),
    "import_sheet_not_workbook": (
        "{file} 不是 XLSX 工作簿：--sheet 只用于工作簿。",
        "{file} is not an XLSX workbook; --sheet is for workbooks only.",
    ),
    "import_sheet_missing": (
        "{file} 里没有工作表“{sheet}”；有：{sheets}。",
        "{file} has no sheet {sheet}; it has: {sheets}.",
    ),
    "import_sheets_many": (
        "{file} 有多个工作表含数据（{sheets}）：请用 --sheet 指明导入哪一个。",
        "{file} has data on more than one sheet ({sheets}); name the one to import with --sheet.",
    ),
    "import_encoding": (
        "无法确定文件 {file} 的编码：请另存为 UTF-8（或 GBK）CSV。",
        "Cannot tell the encoding of {file}: save it as a UTF-8 (or GBK) CSV.",
    ),
    "import_column_missing": ("缺少列“{zh}”（或 {en}）。", "Column {en} ({zh}) is missing."),
    "import_too_many_rows": (
        "文件有 {rows} 行，超过上限 {limit}：请拆分。",
        "The file has {rows} rows, over the limit of {limit}; split it.",
    ),
    "import_file_missing": ("找不到文件 {file}。", "File {file} not found."),
    "import_unreadable": (
        "无法读取 {file}（{reason}）：请另存为 CSV（UTF-8）或 XLSX 后重试。",
        "Cannot read {file} ({reason}); save it as CSV (UTF-8) or XLSX and retry.",
    ),
    "cell_empty": ("必填，这一行是空的。", "required, but empty in this row."),
    "import_empty": ("{file} 没有数据行。", "{file} has no data rows."),
    "import_reference_twice": ("参考号与第 {other} 行重复。", "the reference repeats row {other}."),
    "import_reference_used": (
        "参考号 {reference} 已用于另一笔捐赠（凭证 #{entry}），内容不同。",
        "reference {reference} was already used for a different donation (entry #{entry}).",
    ),
    "import_dry_run": (
        "试运行：{rows} 行，其中 {new} 行将写入（未写入任何内容）。",
        "Dry run: {rows:row|rows}, {new} would be written (nothing was written).",
    ),
    "import_done": (
        "已导入 {written} 张凭证（#{first}–#{last}）；{repeated} 行此前已导入，跳过。",
        "Imported {written:entry|entries} (#{first}-#{last}); "
        "{repeated:row was|rows were} already imported and skipped.",
    ),
    "import_nothing_new": (
        "没有新内容：{rows} 行都已导入过，未写入任何凭证。",
        "Nothing new: the file's {rows:row was|rows were} imported before; nothing was written.",
    ),
    "bank_title": (
        "银行对账：{lines} 笔，已匹配 {matched}，未匹配 {unmatched}",
        "Bank reconciliation: {lines:line|lines}, {matched} matched, {unmatched} unmatched",
    ),
    "bank_summary": (
        "{lines} 笔流水：{matched} 笔与凭证匹配，{unmatched} 笔未匹配（合计 {unmatched_amount}）。",
        "{lines:line|lines}: {matched} matched to entries, {unmatched} unmatched (total {unmatched_amount}).",
    ),
    "template_kind": ("没有 {value} 模板，可选：{kinds}。", "There is no {value} template; use {kinds}."),
    "template_exists": (
        "{file} 已存在：示例文件不会覆盖它（它可能是已填好的表）。请换一个 --out。",
        "{file} exists; the example never overwrites it (it may be a filled-in file). Choose another --out.",
    ),
    "template_written": ("已写出示例文件 {file}，各列说明如下：", "Wrote the example file {file}; its columns:"),
}
