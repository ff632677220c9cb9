-- Every survey answer in the window with an effort score, counted per score.
answers AS (
    SELECT effort_score FROM srv
    WHERE responded_on BETWEEN $start AND $end AND effort_score IS NOT NULL
)
SELECT effort_score, COUNT(*) AS responses FROM answers GROUP BY effort_score ORDER BY effort_score
