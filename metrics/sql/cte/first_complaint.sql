-- Each customer's first complaint opened in [$start, $end] and by $as_of (ties by
-- complaint_id): the first row per customer of `cmp`.
SELECT * FROM (
    SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.customer_id
                                   ORDER BY k.opened_at, k.complaint_id) AS nth
    FROM cmp k
    WHERE k.opened_on BETWEEN $start AND $end AND k.opened_on <= $as_of
) ranked
WHERE nth = 1
