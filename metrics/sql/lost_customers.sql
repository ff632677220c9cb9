-- The customers lost in [$start, $end], richest first, with their complaint history
-- (`lost_history`: complaints in the 365 days up to and including lost_on), classed as
-- the funnel splits them.
classified AS (
    SELECT customer_id, customer_name, region, segment, lost_on, last_order, annual_revenue,
           CASE WHEN complaints = 0 THEN 'silent'
                WHEN unresolved > 0 THEN 'after unresolved complaint'
                ELSE 'after resolved complaint' END AS lost_class,
           complaints, escalated, unresolved, last_complaint_at, churn_reason
    FROM lost_history
)
SELECT * FROM classified
ORDER BY annual_revenue DESC, customer_id
