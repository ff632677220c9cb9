"""Names analysts' extracts use for the canonical columns and values (English and Chinese).

Column names are compared after `normalise()` (lower case, no spaces, underscores,
hyphens, dots or brackets), so 'Customer ID', 'customer_id' and '客户 ID' are one name.
"""
from __future__ import annotations

import re

# Synonyms valid in every table that has the column, best first (an earlier synonym wins a tie).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer_unique_id", "customer", "customerid", "customer no", "customer number", "client id",
                    "account id", "buyer id", "member id", "user id", "account", "cust id", "客户编号", "客户ID",
                    "客户号", "客户代码", "客户", "账户编号", "会员编号", "会员ID", "用户ID", "买家ID"),
    "customer_name": ("name", "customer name", "client name", "account name", "company", "company name",
                      "客户名称", "客户姓名", "姓名", "名称", "公司名称"),
    "region": ("area", "region name", "state", "province", "customer state", "city", "customer city", "country",
               "地区", "区域", "大区", "省份", "省", "所在省份", "城市", "所在城市"),
    "segment": ("business segment", "customer segment", "customer type", "tier", "segment name", "industry",
                "细分", "客户类型", "业务板块", "客户分层", "客户等级", "行业"),
    "signup_date": ("signup", "sign up date", "joined", "join date", "start date", "registration date",
                    "registered at", "customer since", "created", "created at", "注册日期", "注册时间", "签约日期",
                    "开户日期", "入会日期"),
    "churn_date": ("churned", "churned at", "churn", "end date", "left date", "cancel date", "cancellation date",
                   "cancelled at", "canceled at", "流失日期", "解约日期", "注销日期", "退订日期"),
    "churn_reason": ("reason for leaving", "cancel reason", "cancellation reason", "流失原因", "解约原因"),
    "order_id": ("order", "order no", "order number", "transaction id", "invoice id", "订单编号", "订单号", "订单ID"),
    "order_date": ("order purchase timestamp", "purchase date", "purchase timestamp", "order timestamp",
                   "order time", "order datetime", "order created at", "ordered", "date", "下单日期", "订单日期",
                   "下单时间", "购买时间", "交易时间"),
    "amount": ("payment value", "order amount", "amount paid", "total amount", "order total", "total", "price",
               "revenue", "sales", "value", "net amount", "gmv", "金额", "订单金额", "支付金额", "实付金额",
               "付款金额", "成交金额", "销售额", "收入", "总价", "价格"),
    "margin": ("gross margin", "profit", "gross profit", "profit margin", "毛利", "毛利润", "利润"),
    "complaint_id": ("complaint", "complaint no", "ticket", "ticket id", "case id", "issue id", "投诉编号",
                     "投诉单号", "投诉ID", "工单编号"),
    "opened_at": ("opened", "created at", "complaint date", "complaint time", "submitted at", "ticket created at",
                  "date", "投诉时间", "投诉日期", "受理时间", "创建时间"),
    "level": ("complaint level", "tier level", "escalation", "escalation level", "级别", "投诉级别", "层级"),
    "channel": ("source", "via", "contact channel", "渠道", "投诉渠道", "联系渠道", "来源"),
    "category": ("type", "complaint type", "complaint category", "issue type", "topic", "类别", "投诉类别",
                 "问题类型", "分类"),
    "first_response_at": ("first response", "first response time", "responded", "first reply", "first reply at",
                          "首次响应时间", "首次回复时间", "响应时间"),
    "resolved_at": ("resolved", "solved at", "closed at", "closed", "resolution time", "resolution date",
                    "解决时间", "结案时间", "关闭时间", "完成时间"),
    "response_id": ("review id", "response", "survey id", "respondent id", "问卷编号", "答卷编号", "回复编号", "评价编号"),
    "responded_at": ("review creation date", "review answer timestamp", "review date", "survey date",
                     "response date", "submitted", "submitted at", "date", "填写时间", "提交时间", "调查日期", "评价时间"),
    "satisfaction": ("review score", "csat", "csat score", "satisfaction score", "rating", "score", "stars",
                     "满意度", "满意度评分", "评分", "评价分数", "星级"),
    "had_problem": ("problem", "had a problem", "遇到问题", "是否遇到问题"),
    "complained": ("did complain", "complaint made", "是否投诉", "已投诉"),
    "effort_score": ("effort", "ces", "ces score", "customer effort", "费力度", "费力程度", "客户费力度"),
    "contact_id": ("contact", "interaction id", "call id", "联系编号", "工单号", "来电编号"),
    "contacted_at": ("contact date", "contact time", "call time", "call date", "interaction date", "date",
                     "联系时间", "来电时间", "联系日期"),
    "reason": ("contact reason", "topic", "原因", "联系原因", "来电原因"),
}

# Suffixes real exports put after a column's stem: order_no, order_purchase_timestamp, closed_at ...
ID_SUFFIXES = ("id", "no", "number", "num", "key", "code", "ref", "编号", "号")
MOMENT_SUFFIXES = ("date", "time", "timestamp", "datetime", "at", "on", "dt", "日期", "时间")
# Prefixes that name the entity before the attribute: customer_state, customer_city, order_amount ...
PREFIXES = ("customer", "client", "cust", "order", "complaint", "ticket", "survey", "review", "contact", "客户", "订单")
SYNONYM_RANK, PATTERN_RANK, PREFIX_RANK = 1, 200, 300

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


def _stem(column: str) -> str:
    for tail in ("_id", "_date", "_at"):
        if column.endswith(tail):
            return column[: -len(tail)]
    return column


def matches(column: str, column_type: str, header: str) -> int | None:
    """How well `header` names canonical `column` (0 best), or None: the name itself, a synonym,
    the column's stem with a usual suffix (order_no, order_timestamp), or an entity prefix + synonym."""
    name = normalise(header)
    names = [normalise(column), *(normalise(s) for s in COLUMN_SYNONYMS.get(column, ()))]
    if name in names:
        return names.index(name) * SYNONYM_RANK
    stem = normalise(_stem(column))
    suffixes = ID_SUFFIXES if column.endswith("_id") else MOMENT_SUFFIXES if column_type in ("DATE", "TIMESTAMP") else ()
    if any(name == stem + s for s in suffixes):
        return PATTERN_RANK
    for prefix in PREFIXES:
        if name.startswith(prefix) and name[len(prefix):] in names[1:]:
            return PREFIX_RANK + names.index(name[len(prefix):])
    return None


def builtin_values(column_type: str, column: str) -> dict[str, str]:
    """The value synonyms the loader knows for a column (keys already lower-case)."""
    if column == "level":
        return LEVEL_VALUES
    return BOOLEAN_VALUES if column_type == "BOOLEAN" else {}
