"""Names analysts' extracts use for the canonical columns and values (English and Chinese).

Column names are compared after `normalise()` (lower case, no spaces, underscores,
hyphens, dots or brackets), so 'Customer ID', 'customer_id' and '客户 ID' are one name.
"""
from __future__ import annotations

import re

# Synonyms valid in every table that has the column.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer", "customerid", "customer no", "customer number", "client id", "account id",
                    "account", "cust id", "客户编号", "客户ID", "客户号", "客户代码", "客户", "账户编号", "会员编号"),
    "customer_name": ("name", "customer name", "client name", "account name", "客户名称", "客户姓名", "姓名", "名称"),
    "region": ("area", "region name", "地区", "区域", "大区"),
    "segment": ("business segment", "customer segment", "tier", "细分", "客户类型", "业务板块", "客户分层"),
    "signup_date": ("signup", "sign up date", "joined", "join date", "start date", "created", "注册日期",
                    "注册时间", "签约日期", "开户日期"),
    "churn_date": ("churned", "churn", "end date", "left date", "cancel date", "流失日期", "解约日期", "注销日期"),
    "churn_reason": ("reason for leaving", "cancel reason", "流失原因", "解约原因"),
    "order_id": ("order", "order no", "order number", "订单编号", "订单号", "订单ID"),
    "order_date": ("date", "ordered", "order time", "下单日期", "订单日期", "下单时间"),
    "amount": ("revenue", "value", "sales", "order amount", "total", "金额", "订单金额", "销售额", "收入"),
    "margin": ("gross margin", "profit", "gross profit", "毛利", "毛利润", "利润"),
    "complaint_id": ("complaint", "complaint no", "ticket", "ticket id", "case id", "投诉编号", "投诉单号", "投诉ID"),
    "opened_at": ("opened", "created at", "complaint date", "complaint time", "date", "投诉时间", "投诉日期", "受理时间"),
    "level": ("complaint level", "tier level", "escalation", "级别", "投诉级别", "层级"),
    "channel": ("source", "via", "渠道", "投诉渠道", "联系渠道"),
    "category": ("type", "complaint type", "topic", "类别", "投诉类别", "问题类型", "分类"),
    "first_response_at": ("first response", "responded", "first reply", "首次响应时间", "首次回复时间", "响应时间"),
    "resolved_at": ("resolved", "closed at", "closed", "resolution time", "解决时间", "结案时间", "关闭时间"),
    "response_id": ("response", "survey id", "respondent id", "问卷编号", "答卷编号", "回复编号"),
    "responded_at": ("survey date", "response date", "submitted", "date", "填写时间", "提交时间", "调查日期"),
    "satisfaction": ("csat", "satisfaction score", "rating", "满意度", "满意度评分", "评分"),
    "had_problem": ("problem", "had a problem", "遇到问题", "是否遇到问题"),
    "complained": ("did complain", "complaint made", "是否投诉", "已投诉"),
    "effort_score": ("effort", "ces", "customer effort", "费力度", "费力程度", "客户费力度"),
    "contact_id": ("contact", "interaction id", "call id", "联系编号", "工单号", "来电编号"),
    "contacted_at": ("contact date", "contact time", "date", "联系时间", "来电时间", "联系日期"),
    "reason": ("contact reason", "topic", "原因", "联系原因", "来电原因"),
}

LEVEL_VALUES: dict[str, str] = {
    "frontline": "frontline", "front line": "frontline", "front-line": "frontline", "first line": "frontline",
    "staff": "frontline", "一线": "frontline", "前台": "frontline", "一般": "frontline",
    "escalated": "escalated", "escalation": "escalated", "management": "escalated", "升级": "escalated",
    "已升级": "escalated", "管理层": "escalated", "客户关系": "escalated",
}

BOOLEAN_VALUES: dict[str, str] = {
    "true": "true", "false": "false", "t": "true", "f": "false", "yes": "true", "no": "false",
    "y": "true", "n": "false", "1": "true", "0": "false", "1.0": "true", "0.0": "false",
    "是": "true", "否": "false", "有": "true", "无": "false", "对": "true", "错": "false",
}

_PUNCTUATION = re.compile(r"[\s_\-.()（）\[\]/:：]+")


def normalise(name: str) -> str:
    """Lower case without spaces or punctuation: the form column names are compared in."""
    return _PUNCTUATION.sub("", str(name)).lower()


def builtin_values(column_type: str, column: str) -> dict[str, str]:
    """The value synonyms the loader knows for a column (keys already lower-case)."""
    if column == "level":
        return LEVEL_VALUES
    return BOOLEAN_VALUES if column_type == "BOOLEAN" else {}
