-- Kaplan-Meier input: every customer's first complaint in the window, followed from
-- the complaint day to lost_on (an event) or to as_of (censored), by speed bucket.
firsts AS (
    SELECT * FROM (
        SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.customer_id
                                       ORDER BY k.opened_at, k.complaint_id) AS nth
        FROM cmp k
        WHERE k.opened_on BETWEEN $start AND $end AND k.opened_on <= $as_of
    ) ranked
    WHERE nth = 1
),
followed AS (
    SELECT CASE WHEN f.resolution_hours IS NULL THEN 'unresolved'
                WHEN f.resolution_hours <= 24 THEN '<=1d'
                WHEN f.resolution_hours <= 72 THEN '1-3d'
                WHEN f.resolution_hours <= 168 THEN '3-7d'
                WHEN f.resolution_hours <= 720 THEN '7-30d'
                ELSE '>30d' END AS bucket,
           GREATEST(COALESCE(l.lost_on, CAST($as_of AS DATE)) - f.opened_on, 0) AS day,
           l.lost_on IS NOT NULL AS is_lost
    FROM firsts f JOIN lifecycle l ON l.customer_id = f.customer_id
)
SELECT bucket AS "group", day,
       COUNT(CASE WHEN is_lost THEN 1 END) AS lost,
       COUNT(CASE WHEN NOT is_lost THEN 1 END) AS censored
FROM followed
GROUP BY bucket, day
ORDER BY bucket, day
