-- Customers in the region/segment filter ($region, $segment: NULL = all) with their
-- order facts (first/last order, annual revenue) from `facts`.
SELECT * FROM facts f
WHERE ($region IS NULL OR region = $region)
  AND ($segment IS NULL OR segment = $segment)
