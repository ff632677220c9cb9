-- Month by month over the window: new and lost customers, customers active during
-- the month, and complaints opened (by level). Months are cut to the window.
-- the first day of every month from the window's first month up to $end
months AS (
    SELECT CAST(m AS DATE) AS month_start
    FROM UNNEST(GENERATE_SERIES(CAST(DATE_TRUNC('month', CAST($start AS DATE)) AS DATE),
                                CAST($end AS DATE), INTERVAL 1 MONTH)) AS series(m)
),
-- each month's days inside the window
month_days AS (
    SELECT month_start,
           GREATEST(month_start, CAST($start AS DATE)) AS lo,
           LEAST(CAST(month_start + INTERVAL 1 MONTH AS DATE) - 1, CAST($end AS DATE)) AS hi
    FROM months
),
-- customers by the day they started and the day they were lost
starts AS (SELECT first_active AS day, COUNT(*) AS n FROM lifecycle GROUP BY first_active),
losses AS (SELECT lost_on AS day, COUNT(*) AS n FROM lifecycle WHERE lost_on IS NOT NULL GROUP BY lost_on),
-- active during the month: started by its last day and not lost by its first
-- (lost_on >= first_active under the load rules, so losses can be subtracted)
people AS (
    SELECT s.month_start,
           (SELECT COALESCE(SUM(n), 0) FROM starts WHERE day BETWEEN s.lo AND s.hi) AS new,
           (SELECT COALESCE(SUM(n), 0) FROM losses WHERE day BETWEEN s.lo AND s.hi) AS lost,
           (SELECT COALESCE(SUM(n), 0) FROM starts WHERE day <= s.hi)
             - (SELECT COALESCE(SUM(n), 0) FROM losses WHERE day <= s.lo) AS active,
           (SELECT COALESCE(SUM(n), 0) FROM starts WHERE day <= s.hi)
             - (SELECT COALESCE(SUM(n), 0) FROM losses WHERE day <= s.hi) AS active_end
    FROM month_days s
),
complaints_by_month AS (
    SELECT s.month_start, COUNT(k.complaint_id) AS complaints,
           COUNT(CASE WHEN k.level = 'escalated' THEN 1 END) AS escalated
    FROM month_days s JOIN cmp k ON k.opened_on BETWEEN s.lo AND s.hi
    GROUP BY s.month_start
)
SELECT p.month_start AS month, p.new, p.lost, p.active, p.active_end,
       COALESCE(c.complaints, 0) AS complaints, COALESCE(c.escalated, 0) AS escalated
FROM people p LEFT JOIN complaints_by_month c ON c.month_start = p.month_start
ORDER BY p.month_start
