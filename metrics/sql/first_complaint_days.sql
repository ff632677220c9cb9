-- Each complainer's first complaint opened in [$start, $end] and by $as_of (the cohort of
-- resolution_cohort.sql and survival.sql), counted per opening day: how many have a full
-- follow-up of any length is then a sum (metrics.resolution.followed_up).
firsts AS (
    SELECT customer_id, MIN(opened_on) AS day
    FROM cmp
    WHERE opened_on BETWEEN $start AND $end AND opened_on <= $as_of
    GROUP BY customer_id
)
SELECT day, COUNT(*) AS customers FROM firsts GROUP BY day ORDER BY day
