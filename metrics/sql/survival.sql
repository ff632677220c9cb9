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
    SELECT f.speed_bucket AS bucket,
           GREATEST(DATE_DIFF('day', f.opened_on, COALESCE(l.lost_on, CAST($as_of AS DATE))), 0) AS day,
           l.lost_on IS NOT NULL AS is_lost
    FROM firsts f JOIN lifecycle l ON l.customer_id = f.customer_id
)
SELECT bucket AS "group", day,
       COUNT(CASE WHEN is_lost THEN 1 END) AS lost,
       COUNT(CASE WHEN NOT is_lost THEN 1 END) AS censored
FROM followed
GROUP BY bucket, day
ORDER BY bucket, day
