-- Kaplan-Meier input: every customer's first complaint in the window, followed from
-- the complaint day to lost_on (an event) or to as_of (censored), by speed bucket.
followed AS (
    SELECT f.speed_bucket AS bucket,
           GREATEST(DATE_DIFF('day', f.opened_on, COALESCE(l.lost_on, CAST($as_of AS DATE))), 0) AS day,
           l.lost_on IS NOT NULL AS is_lost
    FROM first_complaint f JOIN lifecycle l ON l.customer_id = f.customer_id
)
SELECT bucket AS "group", day,
       COUNT(CASE WHEN is_lost THEN 1 END) AS lost,
       COUNT(CASE WHEN NOT is_lost THEN 1 END) AS censored
FROM followed
GROUP BY bucket, day
ORDER BY bucket, day
