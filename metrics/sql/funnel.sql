-- The lost-customer funnel over [$start, $end] (docs/contract.md section 4).
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
    FROM lost_history
)
SELECT f.start_active, f.new, s.lost, f.end_active,
       s.lost_silent, s.lost_after_unresolved, s.lost_after_resolved, s.annual_revenue_lost
FROM flows f CROSS JOIN split s
