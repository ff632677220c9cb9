-- Per-customer order facts (METRICS.md section 3), one row per customer with orders:
-- first and last order date, number of orders, and annual revenue (orders in the
-- 365 days ending at the last order, inclusive). Depends on orders only.
WITH span AS (
    SELECT customer_id, MIN(order_date) AS first_order, MAX(order_date) AS last_order,
           COUNT(*) AS orders
    FROM orders
    GROUP BY customer_id
)
SELECT s.customer_id, s.first_order, s.last_order, s.orders, SUM(o.amount) AS annual_revenue
FROM span s
JOIN orders o ON o.customer_id = s.customer_id
             AND o.order_date BETWEEN s.last_order - 364 AND s.last_order
GROUP BY s.customer_id, s.first_order, s.last_order, s.orders
