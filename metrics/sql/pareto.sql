-- The Pareto curve: cumulative revenue share by account rank (window revenue > 0; `ranked`,
-- data/facts_ranks.sql), thinned to about $points points (the first and last account always kept).
curve AS (
    SELECT rank, ranked_accounts AS accounts, share_through AS revenue_share FROM ranked
)
SELECT rank, CAST(rank AS DOUBLE) / accounts AS account_share, revenue_share
FROM curve
WHERE rank = 1 OR rank = accounts
   OR MOD(rank, GREATEST(CAST(FLOOR(accounts / $points) AS BIGINT), 1)) = 0
ORDER BY rank
