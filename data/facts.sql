-- Per-customer facts (docs/contract.md section 3), one row per customer: the customer's
-- own columns plus first and last order date, number of orders, and annual revenue
-- (orders in the 365 days ending at the last order, inclusive), all-time revenue and
-- margin; order columns NULL without orders.
WITH span AS (
    SELECT customer_id, MIN(order_date) AS first_order, MAX(order_date) AS last_order,
           COUNT(*) AS orders, SUM(amount) AS total_revenue, SUM(margin) AS total_margin
    FROM orders
    GROUP BY customer_id
),
annual AS (
    SELECT s.customer_id, SUM(o.amount) AS annual_revenue
    FROM span s
    JOIN orders o ON o.customer_id = s.customer_id
                 AND o.order_date BETWEEN s.last_order - 364 AND s.last_order
    GROUP BY s.customer_id
)
SELECT c.customer_id, c.customer_name, c.region, c.segment, c.signup_date, c.churn_date, c.churn_reason,
       s.first_order, s.last_order, COALESCE(s.orders, 0) AS orders, a.annual_revenue,
       s.total_revenue, s.total_margin
FROM customers c
LEFT JOIN span s ON s.customer_id = c.customer_id
LEFT JOIN annual a ON a.customer_id = c.customer_id
