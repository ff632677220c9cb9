-- `revenue` when the window holds every order: each filtered account's all-time revenue
-- and margin from the facts (the same numbers as revenue_window.sql, without the scan).
SELECT customer_id, total_revenue AS revenue, total_margin AS margin
FROM lifecycle
WHERE total_revenue > 0
