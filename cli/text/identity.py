"""Messages of identity: who is acting, how they are proven, logging in and out, credentials."""

from __future__ import annotations

IDENTITY_MESSAGES: dict[str, tuple[str, str]] = {
    "actor_unproven": (
        "无法证明你是 {user}：用 cfund login --as {user} 登录，或在环境变量 CFUND_PASSWORD 中给出密码；"
        "绑定了系统账号的用户须以该账号运行。管理员可用 cfund user credential {user} 设置凭据。",
        "Cannot prove you are {user}: run cfund login --as {user}, or give the password in CFUND_PASSWORD; "
        "a user bound to a system account must run cfund as that account. An admin sets a credential with "
        "cfund user credential {user}.",
    ),
    "login_failed": ("{user} 的密码不对，或该用户没有密码。", "Wrong password for {user}, or {user} has no password."),
    "login_reader": (
        "{user} 只能查阅，查阅无需登录：不写入会话。",
        "{user} may only read, and reading needs no login; no session was written.",
    ),
    "password_short": ("密码至少 {least} 个字符。", "A password needs at least {least} characters."),
    "password_needed": (
        "需要密码：请在终端中运行以便输入，或在环境变量 {variable} 中给出。",
        "A password is needed: run this at a terminal to type it, or give it in {variable}.",
    ),
    "password_variable_empty": ("环境变量 {variable} 为空。", "The variable {variable} is empty."),
    "password_mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "credential_one": (
        "--os-user 与 --password-env 只能选一个。",
        "Give either --os-user or --password-env, not both.",
    ),
    "prompt_password": ("{user} 的密码", "Password for {user}"),
    "prompt_new_password": ("{user} 的新密码", "New password for {user}"),
    "prompt_again": ("再输一次", "Again"),
    "logged_in": (
        "已登录为 {user}，有效至 {until}（凭据保存在 {file}，仅本系统账号可读）。",
        "Logged in as {user} until {until} (the session is in {file}, readable by this account only).",
    ),
    "logged_out": ("已退出登录。", "Logged out."),
    "not_logged_in": ("当前没有登录。", "Not logged in."),
    "credential_set": (
        "已为 {user} 设置凭据：{proof}；其原有登录已全部失效。",
        "Set {user}'s credential: {proof}; their sessions ended.",
    ),
    "proof_os": ("系统账号 {account}", "system account {account}"),
    "proof_password": ("密码", "password"),
    "proof_none": ("无（不能操作）", "none (cannot act)"),
    "user_unproven": (
        "注意：{user} 还没有凭据，暂不能操作；管理员可用 cfund user credential {user} 设置。",
        "Note: {user} has no credential yet and cannot act; an admin sets one with cfund user credential {user}.",
    ),
}
