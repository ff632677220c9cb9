-- The silent group of section 6: each customer's first dissatisfied survey answer in
-- the window that says they did not complain, with a fully observed follow-up.
firsts AS (
    SELECT * FROM (
        SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.customer_id
                                       ORDER BY s.responded_at, s.response_id) AS nth
        FROM srv s
        WHERE s.responded_on BETWEEN $start AND $end
          AND (s.satisfaction <= $dissatisfied_max OR s.had_problem)
          AND s.complained = false
    ) ranked
    WHERE nth = 1
)
SELECT f.customer_id,
       (l.lost_on IS NULL OR l.lost_on > f.responded_on + $horizon_days) AS retained
FROM firsts f JOIN lifecycle l ON l.customer_id = f.customer_id
WHERE f.responded_on + $horizon_days <= $as_of
