-- The accounts ranked by revenue from `revenue` (customer_id, revenue, margin; revenue > 0):
-- rank (ties by customer_id), the revenue share of the accounts ranked above each and through
-- each, and how many are ranked. The accounts and Pareto queries read it as the CTE `ranked`
-- over their window's revenue; over all history and every customer it is also stored per data
-- version (table account_ranks, data/facts.py), so their default view sorts nothing.
SELECT r.customer_id, r.revenue, r.margin,
       CAST(ROW_NUMBER() OVER (ORDER BY r.revenue DESC, r.customer_id) AS BIGINT) AS rank,  -- INT on Spark
       COALESCE(SUM(r.revenue) OVER (ORDER BY r.revenue DESC, r.customer_id
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
           / SUM(r.revenue) OVER () AS share_above,
       SUM(r.revenue) OVER (ORDER BY r.revenue DESC, r.customer_id ROWS UNBOUNDED PRECEDING)
           / SUM(r.revenue) OVER () AS share_through,
       COUNT(*) OVER () AS ranked_accounts
FROM revenue r
