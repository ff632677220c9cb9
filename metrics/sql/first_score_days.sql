-- Each customer's first survey answer with an effort score in [$start, $end] (the cohort of
-- effort_scores.sql), counted per answer day (metrics.effort.scored_followed_up).
firsts AS (
    SELECT customer_id, MIN(responded_on) AS day
    FROM srv
    WHERE responded_on BETWEEN $start AND $end AND effort_score IS NOT NULL
    GROUP BY customer_id
)
SELECT day, COUNT(*) AS customers FROM firsts GROUP BY day ORDER BY day
