"""Every word cfund shows, in zh-CN and en: messages by stable key (:mod:`.messages` with refused
input, files and the workflow's kept apart), help texts, Click's own words and usage errors,
and codes shown by name."""
