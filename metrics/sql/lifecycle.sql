-- One row per customer: the lifecycle CTE itself, in key order.
result AS (SELECT * FROM lifecycle)
SELECT * FROM result ORDER BY customer_id
