-- Shared CTEs every metric query starts from (METRICS.md sections 2-3).
-- Parameters: $region, $segment (NULL = all), $as_of, $inactivity_days.

-- customers in the region/segment filter
cust AS (
    SELECT customer_id, customer_name, region, segment, signup_date, churn_date, churn_reason
    FROM customers
    WHERE ($region IS NULL OR region = $region)
      AND ($segment IS NULL OR segment = $segment)
),
-- first/last order and annual revenue (orders in the 365 days ending at the last
-- order) per customer: the customer_facts table when fresh, else data/facts.sql inline
order_facts AS (
    /*FACTS*/
),
-- one row per customer with a start: first_active, last_order, lost_on, annual_revenue
lifecycle AS (
    SELECT
        c.customer_id, c.customer_name, c.region, c.segment,
        c.signup_date, c.churn_date, c.churn_reason,
        CASE WHEN c.signup_date IS NULL THEN s.first_order
             WHEN s.first_order IS NULL THEN c.signup_date
             ELSE LEAST(c.signup_date, s.first_order) END AS first_active,
        s.last_order,
        CASE WHEN c.churn_date <= $as_of THEN c.churn_date
             WHEN s.last_order + $inactivity_days <= $as_of THEN s.last_order + $inactivity_days
             WHEN s.last_order IS NULL AND c.signup_date + $inactivity_days <= $as_of
                  THEN c.signup_date + $inactivity_days
        END AS lost_on,
        COALESCE(s.annual_revenue, 0) AS annual_revenue
    FROM cust c
    LEFT JOIN order_facts s ON s.customer_id = c.customer_id
    WHERE c.signup_date IS NOT NULL OR s.first_order IS NOT NULL
),
-- the other tables, restricted to those customers; timestamps also as dates
ord AS (
    SELECT o.* FROM orders o JOIN lifecycle l ON l.customer_id = o.customer_id
),
cmp AS (
    SELECT k.*, CAST(k.opened_at AS DATE) AS opened_on,
           EXTRACT(EPOCH FROM (k.resolved_at - k.opened_at)) / 3600.0 AS resolution_hours,
           EXTRACT(EPOCH FROM (k.first_response_at - k.opened_at)) / 3600.0 AS first_response_hours
    FROM complaints k JOIN lifecycle l ON l.customer_id = k.customer_id
),
srv AS (
    SELECT s.*, CAST(s.responded_at AS DATE) AS responded_on
    FROM surveys s JOIN lifecycle l ON l.customer_id = s.customer_id
),
cnt AS (
    SELECT t.*, CAST(t.contacted_at AS DATE) AS contacted_on
    FROM contacts t JOIN lifecycle l ON l.customer_id = t.customer_id
)
