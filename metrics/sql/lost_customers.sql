-- The customers lost in [$start, $end], richest first, with their complaint history
-- (complaints in the 365 days up to and including lost_on, as the funnel classifies them).
lost AS (
    SELECT l.customer_id, l.customer_name, l.region, l.segment, l.lost_on, l.last_order,
           l.annual_revenue, l.churn_reason,
           COUNT(k.complaint_id) AS complaints,
           COUNT(CASE WHEN k.level = 'escalated' THEN k.complaint_id END) AS escalated,
           COUNT(CASE WHEN k.resolved_at IS NULL OR CAST(k.resolved_at AS DATE) > l.lost_on
                      THEN k.complaint_id END) AS unresolved,
           MAX(k.opened_at) AS last_complaint_at
    FROM lifecycle l
    LEFT JOIN cmp k ON k.customer_id = l.customer_id
                   AND k.opened_on BETWEEN l.lost_on - 364 AND l.lost_on
    WHERE l.lost_on BETWEEN $start AND $end
    GROUP BY l.customer_id, l.customer_name, l.region, l.segment, l.lost_on, l.last_order,
             l.annual_revenue, l.churn_reason
)
SELECT customer_id, customer_name, region, segment, lost_on, last_order, annual_revenue,
       CASE WHEN complaints = 0 THEN 'silent'
            WHEN unresolved > 0 THEN 'after unresolved complaint'
            ELSE 'after resolved complaint' END AS lost_class,
       complaints, escalated, unresolved, last_complaint_at, churn_reason
FROM lost
ORDER BY annual_revenue DESC, customer_id
