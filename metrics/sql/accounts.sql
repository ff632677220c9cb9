-- Small-vs-large account neglect over [$start, $end] (docs/contract.md section 7), tiered by
-- $tier_by: 'revenue' (large / small at $large_share), 'decile' or 'segment'.
-- `ranked`: the accounts with revenue > 0 in the window, ranked (data/facts_ranks.sql).
tiered AS (
    SELECT k.customer_id, k.revenue, k.margin, l.lost_on, l.annual_revenue,
           CASE $tier_by
               WHEN 'revenue' THEN CASE WHEN k.share_above < $large_share THEN 'large' ELSE 'small' END
               WHEN 'decile' THEN 'D' || CAST(CAST(FLOOR((k.rank - 1) * 10 / k.ranked_accounts) AS INTEGER) + 1 AS VARCHAR)
               ELSE COALESCE(l.segment, 'not recorded')
           END AS tier
    FROM ranked k JOIN lifecycle l ON l.customer_id = k.customer_id
),
-- complaints opened in the window by ranked accounts; MEDIAN is exact and interpolated
tier_complaints AS (
    SELECT t.tier, COUNT(*) AS complaints,
           MEDIAN(k.first_response_hours) AS median_first_response_hours,
           MEDIAN(k.resolution_hours) AS median_resolution_hours,
           COUNT(k.resolved_at) AS resolved
    FROM tiered t JOIN cmp k ON k.customer_id = t.customer_id
    WHERE k.opened_on BETWEEN $start AND $end
    GROUP BY t.tier
),
tier_accounts AS (
    SELECT tier, COUNT(*) AS accounts, SUM(revenue) AS revenue, SUM(margin) AS margin,
           COUNT(CASE WHEN lost_on BETWEEN $start AND $end THEN 1 END) AS lost,
           COALESCE(SUM(CASE WHEN lost_on BETWEEN $start AND $end THEN annual_revenue END), 0) AS annual_revenue_lost
    FROM tiered GROUP BY tier
)
SELECT a.tier, a.accounts, a.revenue, a.margin, a.lost, a.annual_revenue_lost,
       COALESCE(c.complaints, 0) AS complaints, COALESCE(c.resolved, 0) AS resolved,
       c.median_first_response_hours, c.median_resolution_hours
FROM tier_accounts a LEFT JOIN tier_complaints c ON c.tier = a.tier
ORDER BY a.tier
