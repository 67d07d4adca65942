"""Messages of refused input, in zh-CN and en: amounts, dates, periods, numbers, text, codes and
the command line's usage. Part of the one catalogue in :mod:`cli.text.messages`."""

from __future__ import annotations

INPUT_MESSAGES: dict[str, tuple[str, str]] = {
    "amount_float": (
        '金额 {field} 不能是浮点数 {value}：请写成 "1234.56" 这样的文本。',
        '{field} {value} is a float; give the amount as text such as "1234.56".',
    ),
    "amount_invalid": (
        "金额 {field} 无法识别：{value}。请写成 1234.56、1,234.56 或 ¥1234.56。",
        "{field} is not an amount: {value}. Write it as 1234.56, 1,234.56 or ¥1234.56.",
    ),
    "amount_places": (
        "金额 {field} 最多两位小数（到分）：{value}。",
        "{field} has more than two decimal places (fen): {value}.",
    ),
    "amount_range": (
        "金额 {field} 超出范围：{value}（上限 {max}）。",
        "{field} is out of range: {value} (limit {max}).",
    ),
    "amount_not_positive": ("金额 {field} 必须大于零：{value}。", "{field} must be greater than zero: {value}."),
    "split_weights": ("拆分比例必须为非负且合计大于零。", "Split weights must be non-negative with a positive total."),
    "date_invalid": (
        "日期 {field} 无效：{value}。请用 YYYY-MM-DD，例如 2026-10-31。",
        "{field} is not a valid date: {value}. Use YYYY-MM-DD, e.g. 2026-10-31.",
    ),
    "date_future": (
        "日期 {date} 晚于今天：不能预先记账。",
        "Date {date} is after today: entries cannot be dated ahead.",
    ),
    "date_too_early": (
        "日期 {field} 早于 {year} 年：{value}。",
        "{field} is before {year}: {value}.",
    ),
    "period_not_over": (
        "{period} 尚未结束：期间结束后才能按其净利润转账。",
        "{period} has not ended yet: its profit can be transferred once it is over.",
    ),
    "amount_negative": ("金额 {field} 不能为负：{value}。", "{field} cannot be negative: {value}."),
    "number_invalid": (
        "{field} 应为正整数，例如 12：{value}。",
        "{field} must be a whole number from 1, such as 12: {value}.",
    ),
    "number_too_large": (
        "{field} 超出范围（上限 {max}）：{value}。",
        "{field} is out of range (at most {max}): {value}.",
    ),
    "argument_unsafe": (
        "参数含控制字符或不可见的方向字符：{value}。",
        "An argument holds a control or invisible direction character: {value}.",
    ),
    "period_invalid": ("期间无效：{value}。可用格式：{forms}。", "Not a valid period: {value}. Use {forms}."),
    "period_not_ended": ("{month} 尚未结束，不能结账。", "{month} has not ended yet and cannot be closed."),
    "text_invalid": (
        "{field} 为空、过长（上限 {limit} 字）或含控制字符、不可见的方向字符。",
        "{field} is empty, longer than {limit} characters, or has control or invisible direction characters.",
    ),
    "reason_missing": ('冲销必须写明原因：--reason "..."。', 'A reversal needs a reason: --reason "...".'),
    "kind_invalid": ("类型 {kind} 无效，可选：{kinds}。", "Unknown kind {kind}; choose one of: {kinds}."),
    "uscc_invalid": (
        "统一社会信用代码 {uscc} 无效（18 位，校验位不符）。",
        "{uscc} is not a valid unified social credit code (18 characters with a check digit).",
    ),
    "role_invalid": ("角色 {role} 无效，可选：{roles}。", "Unknown role {role}; choose from: {roles}."),
    "format_invalid": (
        "输出格式 {value} 无效，可选：table、json、csv。",
        "Unknown format {value}; use table, json or csv.",
    ),
    "lang_invalid": ("语言 {value} 无效，可选：zh、en。", "Unknown language {value}; use zh or en."),
    "usage_missing": (
        "缺少必填选项 {name}。用 {command} --help 查看用法。",
        "Missing option {name}. See {command} --help.",
    ),
    "usage_missing_argument": (
        "缺少参数 {name}。用 {command} --help 查看用法。",
        "Missing argument {name}. See {command} --help.",
    ),
    "usage_no_command": (
        "没有命令 {name}。用 {command} --help 查看可用的命令。",
        "No such command {name}. See {command} --help for the commands.",
    ),
    "usage_did_you_mean": (
        "没有命令 {name}，是不是要用 {names}？用 {command} --help 查看可用的命令。",
        "No such command {name}; did you mean {names}? See {command} --help for the commands.",
    ),
    "usage_needs_value": (
        "选项 {name} 后面缺少取值。用 {command} --help 查看用法。",
        "Option {name} needs a value. See {command} --help.",
    ),
    "usage_no_value": (
        "选项 {name} 不带取值。用 {command} --help 查看用法。",
        "Option {name} takes no value. See {command} --help.",
    ),
    "usage_extra": (
        "多余的参数：{names}。用 {command} --help 查看用法。",
        "Unexpected extra arguments: {names}. See {command} --help.",
    ),
    "usage_no_option": (
        "没有选项 {name}。用 {command} --help 查看用法。",
        "No such option {name}. See {command} --help.",
    ),
    "usage_other": (
        "用法有误：{message}。用 {command} --help 查看用法。",
        "Usage error: {message}. See {command} --help.",
    ),
}
