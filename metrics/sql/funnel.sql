-- The lost-customer funnel over [$start, $end] (docs/contract.md section 4).
-- lost customers with their complaints in the 365 days up to and including lost_on
lost AS (
    SELECT l.customer_id, l.annual_revenue,
           COUNT(k.complaint_id) AS complaints,
           COUNT(CASE WHEN k.resolved_at IS NULL OR CAST(k.resolved_at AS DATE) > l.lost_on
                      THEN k.complaint_id END) AS unresolved
    FROM lifecycle l
    LEFT JOIN cmp k ON k.customer_id = l.customer_id
                   AND k.opened_on BETWEEN l.lost_on - 364 AND l.lost_on
    WHERE l.lost_on BETWEEN $start AND $end
    GROUP BY l.customer_id, l.annual_revenue
),
-- stock and flow of customers
flows AS (
    SELECT
        COUNT(CASE WHEN first_active < $start AND (lost_on IS NULL OR lost_on >= $start) THEN 1 END) AS start_active,
        COUNT(CASE WHEN first_active BETWEEN $start AND $end THEN 1 END) AS new,
        COUNT(CASE WHEN first_active <= $end AND (lost_on IS NULL OR lost_on > $end) THEN 1 END) AS end_active
    FROM lifecycle
),
-- lost customers split by their complaint history
split AS (
    SELECT COUNT(*) AS lost,
           COUNT(CASE WHEN complaints = 0 THEN 1 END) AS lost_silent,
           COUNT(CASE WHEN unresolved > 0 THEN 1 END) AS lost_after_unresolved,
           COUNT(CASE WHEN complaints > 0 AND unresolved = 0 THEN 1 END) AS lost_after_resolved,
           COALESCE(SUM(annual_revenue), 0) AS annual_revenue_lost
    FROM lost
)
SELECT f.start_active, f.new, s.lost, f.end_active,
       s.lost_silent, s.lost_after_unresolved, s.lost_after_resolved, s.annual_revenue_lost
FROM flows f CROSS JOIN split s
