-- The complaint iceberg over [$start, $end] (docs/contract.md section 5).
-- complaints opened in the window
win AS (
    SELECT * FROM cmp WHERE opened_on BETWEEN $start AND $end
),
-- one row per complainer: did any of their complaints escalate?
complainers AS (
    SELECT customer_id, MAX(CASE WHEN level = 'escalated' THEN 1 ELSE 0 END) AS escalated
    FROM win GROUP BY customer_id
),
-- dissatisfied survey answers in the window that say whether they complained
answers AS (
    SELECT complained FROM srv
    WHERE responded_on BETWEEN $start AND $end
      AND (satisfaction <= $dissatisfied_max OR had_problem)
      AND complained IS NOT NULL
)
SELECT
    (SELECT COUNT(*) FROM complainers) AS complainers,
    (SELECT COALESCE(SUM(escalated), 0) FROM complainers) AS escalated,
    (SELECT COUNT(*) FROM answers) AS survey_n,
    (SELECT COUNT(CASE WHEN NOT complained THEN 1 END) FROM answers) AS survey_silent
