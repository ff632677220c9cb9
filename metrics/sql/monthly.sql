-- Month by month over the window: new and lost customers, customers active during
-- the month, and complaints opened (by level). Months are cut to the window.
months(month_start) AS (
    SELECT CAST(DATE_TRUNC('month', CAST($start AS DATE)) AS DATE)
    UNION ALL
    SELECT CAST(month_start + INTERVAL 1 MONTH AS DATE) FROM months
    WHERE month_start + INTERVAL 1 MONTH <= $end
),
-- each month's days inside the window
span AS (
    SELECT month_start,
           GREATEST(month_start, CAST($start AS DATE)) AS lo,
           LEAST(CAST(month_start + INTERVAL 1 MONTH AS DATE) - 1, CAST($end AS DATE)) AS hi
    FROM months
),
people AS (
    SELECT s.month_start,
           COUNT(CASE WHEN l.first_active BETWEEN s.lo AND s.hi THEN 1 END) AS new,
           COUNT(CASE WHEN l.lost_on BETWEEN s.lo AND s.hi THEN 1 END) AS lost,
           COUNT(CASE WHEN l.first_active <= s.hi AND (l.lost_on IS NULL OR l.lost_on > s.lo) THEN 1 END) AS active,
           COUNT(CASE WHEN l.first_active <= s.hi AND (l.lost_on IS NULL OR l.lost_on > s.hi) THEN 1 END) AS active_end
    FROM span s CROSS JOIN lifecycle l
    GROUP BY s.month_start
),
complaints_by_month AS (
    SELECT s.month_start, COUNT(k.complaint_id) AS complaints,
           COUNT(CASE WHEN k.level = 'escalated' THEN 1 END) AS escalated
    FROM span s JOIN cmp k ON k.opened_on BETWEEN s.lo AND s.hi
    GROUP BY s.month_start
)
SELECT p.month_start AS month, p.new, p.lost, p.active, p.active_end,
       COALESCE(c.complaints, 0) AS complaints, COALESCE(c.escalated, 0) AS escalated
FROM people p LEFT JOIN complaints_by_month c ON c.month_start = p.month_start
ORDER BY p.month_start
