-- The Pareto curve: cumulative revenue share by account rank (window revenue > 0),
-- thinned to about $points points (the first and last account always kept).
curve AS (
    SELECT CAST(ROW_NUMBER() OVER (ORDER BY revenue DESC, customer_id) AS BIGINT) AS rank,  -- INT on Spark
           COUNT(*) OVER () AS accounts,
           SUM(revenue) OVER (ORDER BY revenue DESC, customer_id ROWS UNBOUNDED PRECEDING)
               / SUM(revenue) OVER () AS revenue_share
    FROM revenue
)
SELECT rank, CAST(rank AS DOUBLE) / accounts AS account_share, revenue_share
FROM curve
WHERE rank = 1 OR rank = accounts
   OR MOD(rank, GREATEST(CAST(FLOOR(accounts / $points) AS BIGINT), 1)) = 0
ORDER BY rank
