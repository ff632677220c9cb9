-- Survey effort scores: one row per customer's first answer with an effort score in
-- the window (ties by response_id), with retention judged as in section 6 when the
-- follow-up is fully observed.
firsts AS (
    SELECT * FROM (
        SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.customer_id
                                       ORDER BY s.responded_at, s.response_id) AS nth
        FROM srv s
        WHERE s.responded_on BETWEEN $start AND $end AND s.effort_score IS NOT NULL
    ) ranked
    WHERE nth = 1
)
SELECT f.customer_id, f.effort_score,
       f.responded_on + $horizon_days <= $as_of AS observed,
       (l.lost_on IS NULL OR l.lost_on > f.responded_on + $horizon_days) AS retained
FROM firsts f JOIN lifecycle l ON l.customer_id = f.customer_id
