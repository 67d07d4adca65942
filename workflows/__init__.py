"""The micro-project workflow: 点单 → 派单 → 接单 → 申请 → 评审 → 拨付 → 评估 → 公开."""
