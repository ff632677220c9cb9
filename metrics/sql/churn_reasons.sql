-- Recorded churn reasons of the customers lost in [$start, $end], most frequent first.
lost AS (
    SELECT COALESCE(churn_reason, 'not recorded') AS reason, annual_revenue
    FROM lifecycle
    WHERE lost_on BETWEEN $start AND $end
)
SELECT reason, COUNT(*) AS customers, SUM(annual_revenue) AS annual_revenue_lost
FROM lost
GROUP BY reason
ORDER BY customers DESC, reason
