-- The same when the window holds every order: the all-time totals of the facts table.
SELECT customer_id, total_revenue AS revenue, total_margin AS margin
FROM lifecycle
WHERE total_revenue > 0
