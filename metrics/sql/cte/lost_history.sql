-- The customers lost in [$start, $end] with their complaint history (section 4): the
-- complaints opened in the 365 days up to and including lost_on, how many escalated,
-- how many were not resolved by lost_on, and when the last one was opened. (The history is
-- counted per customer_id alone, then joined to the lost customers' other columns.)
SELECT l.customer_id, l.customer_name, l.region, l.segment, l.lost_on, l.last_order,
       l.annual_revenue, l.churn_reason,
       COALESCE(h.complaints, 0) AS complaints, COALESCE(h.escalated, 0) AS escalated,
       COALESCE(h.unresolved, 0) AS unresolved, h.last_complaint_at
FROM lifecycle l
LEFT JOIN (
    SELECT k.customer_id, COUNT(*) AS complaints,
           COUNT(CASE WHEN k.level = 'escalated' THEN 1 END) AS escalated,
           COUNT(CASE WHEN k.resolved_at IS NULL OR CAST(k.resolved_at AS DATE) > l.lost_on THEN 1 END) AS unresolved,
           MAX(k.opened_at) AS last_complaint_at
    FROM lifecycle l
    JOIN cmp k ON k.customer_id = l.customer_id AND k.opened_on BETWEEN l.lost_on - 364 AND l.lost_on
    WHERE l.lost_on BETWEEN $start AND $end
    GROUP BY k.customer_id
) h ON h.customer_id = l.customer_id
WHERE l.lost_on BETWEEN $start AND $end
