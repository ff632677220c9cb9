-- `revenue`: each filtered account's revenue and margin from its orders in [$start, $end]; accounts
-- with revenue <= 0 are not ranked. (Aggregated before the customer filter: cheaper.)
SELECT o.customer_id, SUM(o.amount) AS revenue, SUM(o.margin) AS margin
FROM orders o
WHERE o.order_date BETWEEN $start AND $end
GROUP BY o.customer_id
HAVING SUM(o.amount) > 0
   AND o.customer_id IN (SELECT customer_id FROM lifecycle)
