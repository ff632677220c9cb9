-- Shared CTEs every metric query starts from (docs/contract.md sections 2-3).
-- Parameters: $region, $segment (NULL = all), $as_of, $inactivity_days.

-- customers in the region/segment filter with their order facts (first/last order,
-- annual revenue): the customer_facts table when fresh, else data/facts.sql inline
cust AS (
    SELECT * FROM (
        /*FACTS*/
    ) f
    WHERE ($region IS NULL OR region = $region)
      AND ($segment IS NULL OR segment = $segment)
),
-- one row per customer with a start: first_active, last_order, lost_on, annual_revenue
lifecycle AS (
    SELECT
        customer_id, customer_name, region, segment, signup_date, churn_date, churn_reason,
        CASE WHEN signup_date IS NULL THEN first_order
             WHEN first_order IS NULL THEN signup_date
             ELSE LEAST(signup_date, first_order) END AS first_active,
        last_order,
        CASE WHEN churn_date <= $as_of THEN churn_date
             WHEN last_order + $inactivity_days <= $as_of THEN last_order + $inactivity_days
             WHEN last_order IS NULL AND signup_date + $inactivity_days <= $as_of
                  THEN signup_date + $inactivity_days
        END AS lost_on,
        COALESCE(annual_revenue, 0) AS annual_revenue,
        total_revenue, total_margin
    FROM cust
    WHERE signup_date IS NOT NULL OR first_order IS NOT NULL
),
-- the other tables, restricted to those customers; timestamps also as dates; hours exact
-- from whole microseconds (portable: DuckDB and Spark, see metrics/spark.py)
ord AS (
    SELECT o.* FROM orders o JOIN lifecycle l ON l.customer_id = o.customer_id
),
timed AS (
    SELECT k.*, CAST(k.opened_at AS DATE) AS opened_on,
           DATE_DIFF('microsecond', k.opened_at, k.resolved_at) / 3600e6 AS resolution_hours,
           DATE_DIFF('microsecond', k.opened_at, k.first_response_at) / 3600e6 AS first_response_hours
    FROM complaints k JOIN lifecycle l ON l.customer_id = k.customer_id
),
-- complaints with their speed bucket (section 6; upper bounds inclusive, in hours)
cmp AS (
    SELECT t.*,
           CASE WHEN t.resolution_hours IS NULL THEN 'unresolved'
                WHEN t.resolution_hours <= 24 THEN '<=1d'
                WHEN t.resolution_hours <= 72 THEN '1-3d'
                WHEN t.resolution_hours <= 168 THEN '3-7d'
                WHEN t.resolution_hours <= 720 THEN '7-30d'
                ELSE '>30d' END AS speed_bucket
    FROM timed t
),
srv AS (
    SELECT s.*, CAST(s.responded_at AS DATE) AS responded_on
    FROM surveys s JOIN lifecycle l ON l.customer_id = s.customer_id
),
cnt AS (
    SELECT t.*, CAST(t.contacted_at AS DATE) AS contacted_on
    FROM contacts t JOIN lifecycle l ON l.customer_id = t.customer_id
)
