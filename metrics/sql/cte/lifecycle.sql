-- One row per customer with a start (docs/contract.md section 3): first_active,
-- last_order, lost_on (by $as_of and $inactivity_days), annual_revenue.
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
